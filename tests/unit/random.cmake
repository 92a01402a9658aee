# Unit tests of src/base/ls_random against a CPython 3.11-generated table
# (tests/unit/gen_random_vectors.py).
ls_unit_test(test_random SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_random.c LIBS ls_base)
