# Unit tests of src/rt: futures, tasks and the loop driven by Python
# programs, asserting exact output, exit status and --loop-trace text.
ls_unit_test(test_rt SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rt.c ${CMAKE_CURRENT_LIST_DIR}/prog_harness.c LIBS ls_rt)
