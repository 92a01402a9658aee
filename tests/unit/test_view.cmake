# Unit tests of src/view: time travel over real runs (random access equals
# stepping, determinism, step sizes, breakpoints, lazy runner, exports).
if(TARGET ls_view_live)
  ls_unit_test(test_view SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_view.c LIBS ls_view_live)
endif()
if(TARGET ls_view)
  ls_unit_test(test_view_log SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_view_log.c LIBS ls_view)
endif()
