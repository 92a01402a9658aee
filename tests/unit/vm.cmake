# Unit tests of src/vm through the runtime: small Python programs compiled
# with ls_compile and run by ls_rt_run, asserting exact stdout/stderr/status.
ls_unit_test(test_vm SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_vm.c ${CMAKE_CURRENT_LIST_DIR}/prog_harness.c LIBS ls_rt)
# The VM's small-object pool, compiled in with pooling on even in the
# sanitizer build (the VM bypasses it there).
ls_unit_test(test_pool SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_pool.c ${PROJECT_SOURCE_DIR}/src/vm/ls_pool.c LIBS ls_base)
target_include_directories(test_pool PRIVATE ${PROJECT_SOURCE_DIR}/src/vm)
# Classes, special methods, with/async with, decorators (src/vm/ls_class.c).
ls_unit_test(test_class SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_class.c ${CMAKE_CURRENT_LIST_DIR}/prog_harness.c LIBS ls_rt)
