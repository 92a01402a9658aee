import threading

t = threading.Thread(target=print, args=("hi",))
t.start()
t.join()
