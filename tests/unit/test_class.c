/* test_class — classes, special methods, with/async with and decorators,
 * exercised through whole programs (prog_harness). Expected texts were
 * produced by CPython 3.11 running the same source at PROG_PATH, except in
 * test_class_refusals, where the text is loopscope's own refusal. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_rt.h"
#include "ls_vm.h"

#include "prog_harness.h"

/* Class attributes, __init__, bound methods, instance dicts. */
static void test_class_class_basics_and_init(void **state) {
    (void)state;
    expect("class C:\n"
           "    n = 0\n"
           "    def __init__(self, v, w=2):\n"
           "        self.v = v\n"
           "        self.w = w\n"
           "        C.n += 1\n"
           "    def total(self, extra=0):\n"
           "        return self.v + self.w + extra\n"
           "a = C(1)\n"
           "b = C(5, w=7)\n"
           "m = b.total\n"
           "print(a.total(), m(extra=100), C.n, a.n, C.total(a, 1))\n"
           "a.n = 9\n"
           "print(a.n, C.n, type(a).__name__, a.__class__.__qualname__)\n"
           "try:\n"
           "    C()\n"
           "except TypeError as e:\n"
           "    print(e)\n"
           "class D(C):\n"
           "    def __init__(self):\n"
           "        super().__init__(10, 20)\n"
           "        self.extra = 1\n"
           "    def total(self, extra=0):\n"
           "        return super().total(extra) * 2\n"
           "d = D()\n"
           "print(d.total(), d.total(1), isinstance(d, C), issubclass(D, C), issubclass(C, D))\n",
           LS_EXIT_OK,
           "3 112 2 2 4\n"
           "9 2 C C\n"
           "C.__init__() missing 1 required positional argument: 'v'\n"
           "60 62 True True False\n",
           "");
}

/* Special methods reached from C: print/str/repr/format, sorted, dict keys, len/bool, iteration, containment, calls. */
static void test_class_dunders_from_natives(void **state) {
    (void)state;
    expect("class K:\n"
           "    def __init__(self, k):\n"
           "        self.k = k\n"
           "    def __repr__(self):\n"
           "        return \"K(%d)\" % self.k if False else f\"K({self.k})\"\n"
           "    def __str__(self):\n"
           "        return f\"<{self.k}>\"\n"
           "    def __format__(self, spec):\n"
           "        return f\"K[{spec}]\"\n"
           "    def __eq__(self, o):\n"
           "        return isinstance(o, K) and o.k == self.k\n"
           "    def __hash__(self):\n"
           "        return self.k % 3\n"
           "    def __lt__(self, o):\n"
           "        return self.k < o.k\n"
           "    def __len__(self):\n"
           "        return self.k\n"
           "    def __iter__(self):\n"
           "        for i in range(self.k):\n"
           "            yield i * self.k\n"
           "    def __call__(self, x):\n"
           "        return x + self.k\n"
           "ks = [K(3), K(1), K(2)]\n"
           "print(ks, sorted(ks), max(ks), str(ks[0]), f\"{ks[1]:>5}\")\n"
           "d = {K(1): \"one\", K(4): \"four\"}\n"
           "print(d[K(4)], K(1) in d, K(7) in d, len(K(4)), bool(K(0)), list(K(3)), K(2)(40))\n"
           "print(sum(K(4)), 6 in K(3), [x for x in K(2)])\n",
           LS_EXIT_OK,
           "[K(3), K(1), K(2)] [K(1), K(2), K(3)] <3> <3> K[>5]\n"
           "four True False 4 False [0, 3, 6] 42\n"
           "24 True [0, 2]\n",
           "");
}

/* User exception classes: args, attributes, __str__, matching, chaining, and the uncaught traceback line. */
static void test_class_exception_subclasses(void **state) {
    (void)state;
    expect("class AppError(Exception):\n"
           "    pass\n"
           "class NotFound(AppError):\n"
           "    def __init__(self, key):\n"
           "        super().__init__(f\"missing {key}\")\n"
           "        self.key = key\n"
           "class Silent(AppError):\n"
           "    def __init__(self, a, b):\n"
           "        self.a = a\n"
           "    def __str__(self):\n"
           "        return f\"silent {self.a}\"\n"
           "for exc in (NotFound(\"x\"), Silent(1, 2), AppError()):\n"
           "    try:\n"
           "        raise exc\n"
           "    except NotFound as e:\n"
           "        print(\"NotFound\", e.key, e, e.args)\n"
           "    except AppError as e:\n"
           "        print(type(e).__name__, repr(e), str(e), e.args)\n"
           "try:\n"
           "    raise Silent\n"
           "except TypeError as e:\n"
           "    print(\"TypeError\", e)\n"
           "def lookup():\n"
           "    try:\n"
           "        {}[\"k\"]\n"
           "    except KeyError as e:\n"
           "        raise NotFound(\"k\") from e\n"
           "lookup()\n",
           LS_EXIT_RAISED,
           "NotFound x missing x ('missing x',)\n"
           "Silent Silent(1, 2) silent 1 (1, 2)\n"
           "AppError AppError()  ()\n"
           "TypeError Silent.__init__() missing 2 required positional arguments: 'a' and 'b'\n",
           "Traceback (most recent call last):\n"
           "  File \"/tmp/lsut/prog.py\", line 25, in lookup\n"
           "    {}[\"k\"]\n"
           "    ~~^^^^^\n"
           "KeyError: 'k'\n"
           "\n"
           "The above exception was the direct cause of the following exception:\n"
           "\n"
           "Traceback (most recent call last):\n"
           "  File \"/tmp/lsut/prog.py\", line 28, in <module>\n"
           "    lookup()\n"
           "  File \"/tmp/lsut/prog.py\", line 27, in lookup\n"
           "    raise NotFound(\"k\") from e\n"
           "NotFound: missing k\n");
}

/* with/async with: __exit__ arguments, suppression, break/return through the block, the missing-protocol TypeErrors. */
static void test_class_with_statement(void **state) {
    (void)state;
    expect("import asyncio\n"
           "class CM:\n"
           "    def __init__(self, tag, swallow=False):\n"
           "        self.tag = tag\n"
           "        self.swallow = swallow\n"
           "    def __enter__(self):\n"
           "        print(\"enter\", self.tag)\n"
           "        return self.tag\n"
           "    def __exit__(self, t, v, tb):\n"
           "        print(\"exit\", self.tag, t.__name__ if t else None, v)\n"
           "        return self.swallow\n"
           "def f():\n"
           "    for i in range(3):\n"
           "        with CM(i) as t:\n"
           "            if i == 1:\n"
           "                return t * 10\n"
           "    return -1\n"
           "print(f())\n"
           "with CM(\"s\", True):\n"
           "    {}[1]\n"
           "class A:\n"
           "    async def __aenter__(self):\n"
           "        await asyncio.sleep(1)\n"
           "        return \"entered\"\n"
           "    async def __aexit__(self, t, v, tb):\n"
           "        print(\"aexit\", t, v)\n"
           "        return True\n"
           "async def main():\n"
           "    async with A() as x:\n"
           "        print(x)\n"
           "        raise ValueError(\"v\")\n"
           "    try:\n"
           "        async with 3:\n"
           "            pass\n"
           "    except TypeError as e:\n"
           "        print(e)\n"
           "    try:\n"
           "        with A():\n"
           "            pass\n"
           "    except TypeError as e:\n"
           "        print(e)\n"
           "    print(\"end\")\n"
           "asyncio.run(main())\n",
           LS_EXIT_OK,
           "enter 0\n"
           "exit 0 None None\n"
           "enter 1\n"
           "exit 1 None None\n"
           "10\n"
           "enter s\n"
           "exit s KeyError 1\n"
           "entered\n"
           "aexit <class 'ValueError'> v\n"
           "'int' object does not support the asynchronous context manager protocol\n"
           "'A' object does not support the context manager protocol\n"
           "end\n",
           "");
}

/* Decorators on functions and classes (applied bottom-up), staticmethod/classmethod/property. */
static void test_class_decorators_and_descriptors(void **state) {
    (void)state;
    expect("def trace(tag):\n"
           "    def deco(f):\n"
           "        def wrapper(*a, **k):\n"
           "            print(tag, f.__name__, a)\n"
           "            return f(*a, **k)\n"
           "        return wrapper\n"
           "    return deco\n"
           "@trace(\"outer\")\n"
           "@trace(\"inner\")\n"
           "def add(x, y):\n"
           "    return x + y\n"
           "print(add(1, 2))\n"
           "def register(cls):\n"
           "    cls.registered = True\n"
           "    return cls\n"
           "@register\n"
           "class R:\n"
           "    @staticmethod\n"
           "    def s(x):\n"
           "        return x * 2\n"
           "    @classmethod\n"
           "    def c(cls, x):\n"
           "        return cls.__name__ + str(x)\n"
           "    @property\n"
           "    def p(self):\n"
           "        return \"prop\"\n"
           "r = R()\n"
           "print(R.registered, R.s(2), r.s(3), R.c(1), r.c(2), r.p)\n"
           "try:\n"
           "    r.p = 1\n"
           "except AttributeError as e:\n"
           "    print(e)\n",
           LS_EXIT_OK,
           "outer wrapper (1, 2)\n"
           "inner add (1, 2)\n"
           "3\n"
           "True 4 6 R1 R2 prop\n"
           "property 'p' of 'R' object has no setter\n",
           "");
}

/* Refusals are loopscope's own messages (CPython accepts these). */
static void test_class_refusals(void **state) {
    (void)state;
    expect("class A:\n"
           "    pass\n"
           "import asyncio\n"
           "try:\n"
           "    class L(list):\n"
           "        pass\n"
           "except NotImplementedError as e:\n"
           "    print(e)\n"
           "try:\n"
           "    class F(asyncio.Future):\n"
           "        pass\n"
           "except NotImplementedError as e:\n"
           "    print(e)\n"
           "try:\n"
           "    class X:\n"
           "        def __del__(self):\n"
           "            pass\n"
           "except NotImplementedError as e:\n"
           "    print(e)\n"
           "class Y(A):\n"
           "    pass\n"
           "print(Y.__base__ is A)\n",
           LS_EXIT_OK,
           "subclassing 'list' is not supported by loopscope\n"
           "subclassing 'asyncio.Future' is not supported by loopscope\n"
           "__del__ in a class body is not supported by loopscope\n"
           "True\n",
           "");
}

/* Many short-lived instances with reference cycles through attributes and
 * a class-level registry: the collector must trace classes, instances,
 * bound methods and class namespaces (a missed edge frees live objects). */
static void test_class_gc_traces_instances(void **state) {
    (void)state;
    expect("class Node:\n"
           "    made = []\n"
           "    def __init__(self, v, nxt=None):\n"
           "        self.v = v\n"
           "        self.nxt = nxt\n"
           "        self.me = self\n"
           "        self.get = self.value\n"
           "    def value(self):\n"
           "        return self.v\n"
           "keep = None\n"
           "total = 0\n"
           "for i in range(300000):\n"
           "    n = Node(i, Node(-i))\n"
           "    total += n.get() + n.nxt.get()\n"
           "    if i % 1000 == 0:\n"
           "        keep = Node(i, keep)\n"
           "        Node.made.append(keep)\n"
           "s = 0\n"
           "while keep is not None:\n"
           "    s += keep.me.get()\n"
           "    keep = keep.nxt\n"
           "print(total, s, len(Node.made))\n",
           LS_EXIT_OK,
           "0 44850000 300\n",
           "");
}

/* Async generators driven by async for and comprehensions, with awaits inside; asend/athrow/aclose. */
static void test_class_async_generators_and_async_for(void **state) {
    (void)state;
    expect("import asyncio\n"
           "async def count(n):\n"
           "    try:\n"
           "        for i in range(n):\n"
           "            await asyncio.sleep(1)\n"
           "            yield i\n"
           "    finally:\n"
           "        print(\"closed\", n)\n"
           "class Countdown:\n"
           "    def __init__(self, n):\n"
           "        self.n = n\n"
           "    def __aiter__(self):\n"
           "        return self\n"
           "    async def __anext__(self):\n"
           "        if self.n == 0:\n"
           "            raise StopAsyncIteration\n"
           "        self.n -= 1\n"
           "        return self.n\n"
           "async def main():\n"
           "    async for i in count(2):\n"
           "        print(\"i\", i)\n"
           "    print([x async for x in Countdown(3)], [x async for x in count(1)])\n"
           "    g = count(3)\n"
           "    print(await g.asend(None))\n"
           "    try:\n"
           "        await g.athrow(KeyError(\"stop\"))\n"
           "    except KeyError as e:\n"
           "        print(\"athrow propagated\", e)\n"
           "    await g.aclose()\n"
           "asyncio.run(main())\n",
           LS_EXIT_OK,
           "i 0\n"
           "i 1\n"
           "closed 2\n"
           "closed 1\n"
           "[2, 1, 0] [0]\n"
           "0\n"
           "closed 3\n"
           "athrow propagated 'stop'\n",
           "");
}

/* yield from delegation: sent values and thrown exceptions reach the innermost generator; return values come back. */
static void test_class_yield_from_send_throw(void **state) {
    (void)state;
    expect("def inner():\n"
           "    try:\n"
           "        x = yield \"ready\"\n"
           "        while True:\n"
           "            x = yield x * 2\n"
           "    except ValueError:\n"
           "        return \"inner done\"\n"
           "def outer():\n"
           "    r = yield from inner()\n"
           "    yield r\n"
           "g = outer()\n"
           "print(next(g), g.send(1), g.send(5), g.throw(ValueError), list(g))\n"
           "def chain():\n"
           "    yield from \"ab\"\n"
           "    yield from (i for i in range(2))\n"
           "print(list(chain()))\n",
           LS_EXIT_OK,
           "ready 2 10 inner done []\n"
           "['a', 'b', 0, 1]\n",
           "");
}

/* except* splits a group by type, runs each matching clause once, re-raises the rest; naked exceptions are wrapped. */
static void test_class_except_star(void **state) {
    (void)state;
    expect("def boom():\n"
           "    raise ExceptionGroup(\"many\", [ValueError(1), TypeError(2), ValueError(3), OSError(4)])\n"
           "try:\n"
           "    try:\n"
           "        boom()\n"
           "    except* ValueError as eg:\n"
           "        print(\"values\", eg.exceptions)\n"
           "    except* TypeError as eg:\n"
           "        print(\"types\", repr(eg))\n"
           "except ExceptionGroup as rest:\n"
           "    print(\"rest\", repr(rest))\n"
           "try:\n"
           "    raise KeyError(\"k\")\n"
           "except* LookupError as eg:\n"
           "    print(\"naked\", repr(eg), type(eg.exceptions[0]).__name__)\n"
           "eg = ExceptionGroup(\"top\", [ValueError(1), ExceptionGroup(\"sub\", [TypeError(2)])])\n"
           "m, r = eg.split(TypeError)\n"
           "print(repr(m), repr(r), eg.subgroup(OSError))\n",
           LS_EXIT_OK,
           "values (ValueError(1), ValueError(3))\n"
           "types ExceptionGroup('many', [TypeError(2)])\n"
           "rest ExceptionGroup('many', [OSError(4)])\n"
           "naked ExceptionGroup('', (KeyError('k'),)) KeyError\n"
           "ExceptionGroup('top', [ExceptionGroup('sub', [TypeError(2)])]) ExceptionGroup('top', [ValueError(1)]) None\n",
           "");
}

/* Leaving `async for` early over an unfinished async generator is refused:
 * CPython finalizes the generator when its last reference disappears
 * (reference counting), which loopscope cannot reproduce. loopscope's text. */
static void test_class_async_for_early_exit_refused(void **state) {
    (void)state;
    expect("import asyncio\n"
           "async def gen():\n"
           "    yield 1\n"
           "    yield 2\n"
           "async def main():\n"
           "    async for x in gen():\n"
           "        break\n"
           "asyncio.run(main())\n",
           LS_EXIT_RAISED, "",
           "Traceback (most recent call last):\n"
           "  File \"/tmp/lsut/prog.py\", line 8, in <module>\n"
           "    asyncio.run(main())\n"
           "  File \"/tmp/lsut/prog.py\", line 7, in main\n"
           "    break\n"
           "NotImplementedError: leaving `async for` over an unfinished async generator is not supported by loopscope "
           "(CPython finalizes it when it is garbage collected); exhaust it or `await agen.aclose()`\n");
}

/* An async generator left suspended inside try/finally at the end of
 * asyncio.run is refused (CPython would run its cleanup through aclose()
 * at shutdown or on garbage collection); one without cleanup code is
 * accepted, and so is one closed explicitly. loopscope's text. */
static void test_class_abandoned_async_generator_refused(void **state) {
    (void)state;
    expect("import asyncio\n"
           "async def agen():\n"
           "    try:\n"
           "        yield 1\n"
           "    finally:\n"
           "        print(\"cleanup\")\n"
           "async def plain():\n"
           "    yield 1\n"
           "    yield 2\n"
           "async def main():\n"
           "    g = plain()\n"
           "    print(await g.__anext__())\n"
           "    h = agen()\n"
           "    print(await h.__anext__())\n"
           "asyncio.run(main())\n"
           "print(\"not reached\")\n",
           LS_EXIT_RAISED, "1\n1\n",
           "Traceback (most recent call last):\n"
           "  File \"/tmp/lsut/prog.py\", line 15, in <module>\n"
           "    asyncio.run(main())\n"
           "NotImplementedError: async generator agen() was left suspended inside try/with: CPython would finalize it "
           "with aclose() (at the end of asyncio.run or when it is garbage collected), loopscope does not; exhaust it or "
           "`await agen.aclose()`\n");
}

/* The C constructor the runtime uses for TaskGroup errors: ExceptionGroup
 * when every member is an Exception, BaseExceptionGroup otherwise, and
 * CPython's argument errors as exceptions (never a crash). */
static void test_class_exc_group_c_api(void **state) {
    (void)state;
    LsMem mem;
    ls_mem_init(&mem);
    LsVm vm;
    assert_true(ls_vm_init(&vm, &mem, NULL));
    LsList *l = ls_list_new(&vm, 0);
    assert_non_null(l);
    assert_true(ls_list_append(&vm, l, ls_vm_new_exc(&vm, vm.types.e_ValueError, "a")));
    assert_true(ls_list_append(&vm, l, ls_vm_new_exc(&vm, vm.types.e_KeyError, NULL)));
    LsValue g = ls_exc_group_new(&vm, "tasks failed", LS_OBJ(l));
    assert_true(LS_IS_KIND(g, EXC));
    assert_ptr_equal(AS_EXC(g)->type, vm.types.e_ExceptionGroup);
    assert_true(ls_isinstance(&vm, g, vm.types.e_Exception));
    assert_true(ls_isinstance(&vm, g, vm.types.e_BaseExceptionGroup));
    assert_int_equal(ls_excgroup_members(g)->n, 2);
    LsBuf b;
    ls_buf_init(&b);
    assert_int_equal(ls_str(&vm, g, &b), 0);
    assert_string_equal(ls_buf_cstr(&b), "tasks failed (2 sub-exceptions)");
    ls_buf_clear(&b);
    assert_int_equal(ls_repr(&vm, g, &b), 0);
    assert_string_equal(ls_buf_cstr(&b), "ExceptionGroup('tasks failed', [ValueError('a'), KeyError()])");
    /* A BaseException member makes it a BaseExceptionGroup (not an Exception). */
    assert_true(ls_list_append(&vm, l, ls_vm_new_exc(&vm, vm.types.e_KeyboardInterrupt, NULL)));
    LsValue bg = ls_exc_group_new(&vm, "x", LS_OBJ(l));
    assert_ptr_equal(AS_EXC(bg)->type, vm.types.e_BaseExceptionGroup);
    assert_false(ls_isinstance(&vm, bg, vm.types.e_Exception));
    /* Errors come back as NONE with the exception in vm.exc. */
    assert_true(LS_IS_NONE(ls_exc_group_new(&vm, "x", LS_OBJ(ls_list_new(&vm, 0)))));
    ls_buf_clear(&b);
    ls_vm_format_exception(&vm, vm.exc, &b);
    assert_string_equal(ls_buf_cstr(&b), "ValueError: second argument (exceptions) must be a non-empty sequence\n");
    ls_buf_fini(&b);
    ls_vm_fini(&vm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_class_basics_and_init),
        cmocka_unit_test(test_class_dunders_from_natives),
        cmocka_unit_test(test_class_exception_subclasses),
        cmocka_unit_test(test_class_with_statement),
        cmocka_unit_test(test_class_decorators_and_descriptors),
        cmocka_unit_test(test_class_refusals),
        cmocka_unit_test(test_class_gc_traces_instances),
        cmocka_unit_test(test_class_exc_group_c_api),
        cmocka_unit_test(test_class_async_for_early_exit_refused),
        cmocka_unit_test(test_class_abandoned_async_generator_refused),
        cmocka_unit_test(test_class_async_generators_and_async_for),
        cmocka_unit_test(test_class_yield_from_send_throw),
        cmocka_unit_test(test_class_except_star),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
