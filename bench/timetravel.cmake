# bench_timetravel: a 10-million-event recorded run; random access and
# step-back medians, bytes per event (issue 4).
if(TARGET ls_view_live)
  add_executable(bench_timetravel ${CMAKE_CURRENT_LIST_DIR}/bench_timetravel.c)
  target_link_libraries(bench_timetravel PRIVATE ls_view_live)
endif()
