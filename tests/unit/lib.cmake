# Unit tests of sets, formatting and hashes against CPython 3.11-generated
# programs and outputs (tests/unit/gen_lib_vectors.py).
ls_unit_test(test_lib SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_lib.c ${CMAKE_CURRENT_LIST_DIR}/prog_harness.c LIBS ls_rt)
