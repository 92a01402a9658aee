# Unit tests of src/base/ls_num against CPython 3.11-generated tables
# (tests/unit/gen_num_vectors.py).
ls_unit_test(test_num SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_num.c LIBS ls_base)
