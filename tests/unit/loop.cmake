# Unit tests of src/loop: the loop driven by C callbacks, the timer heap
# against a reference model, and the event log.
ls_unit_test(test_loop SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_loop.c LIBS ls_loop)
ls_unit_test(test_timerheap SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_timerheap.c LIBS ls_loop)
ls_unit_test(test_events SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_events.c LIBS ls_loop)
