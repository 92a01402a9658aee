# check.cmake -- run one conformance program through loopscope and compare with
# the expectations that refrun.py generated from CPython.
#
#   cmake -DLOOPSCOPE=/path/to/loopscope -DPROG=/abs/programs/NAME.py
#         -DEXPECTED_DIR=/abs/expected [-DCHECK_TRACE=ON] -P check.cmake
#
# Compared (all byte for byte):
#   1. `loopscope run --timestamps PROG`: stdout == expected/NAME.out
#   2.   exit status == expected/NAME.exit
#   3.   normalized stderr == expected/NAME.err; when the expected exit status is 3
#        (deadlock) only the first line of each is compared
#   4. if CHECK_TRACE: `loopscope run --loop-trace PROG`: stdout == expected/NAME.trace
# The stderr normalization is the one in refrun.py (normalize_stderr); keep the two
# in sync (README.md, "Normalization").
cmake_minimum_required(VERSION 3.20)

foreach(var LOOPSCOPE PROG EXPECTED_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 60)
endif()

get_filename_component(NAME "${PROG}" NAME_WE)
get_filename_component(PROG_DIR "${PROG}" DIRECTORY)

# CMake lists are ';'-separated and treat '\', '[' and ']' specially, so lines are
# split after swapping those characters for control characters that never occur in
# program output, and swapped back when printed.
string(ASCII 1 LS_SEMI)
string(ASCII 2 LS_BSL)
string(ASCII 3 LS_LBR)
string(ASCII 4 LS_RBR)

function(ls_split_lines text outvar)
  string(REPLACE "\\" "${LS_BSL}" text "${text}")
  string(REPLACE ";" "${LS_SEMI}" text "${text}")
  string(REPLACE "[" "${LS_LBR}" text "${text}")
  string(REPLACE "]" "${LS_RBR}" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

function(ls_join_lines lines outvar)
  list(JOIN lines "\n" text)
  string(REPLACE "${LS_SEMI}" ";" text "${text}")
  string(REPLACE "${LS_LBR}" "[" text "${text}")
  string(REPLACE "${LS_RBR}" "]" text "${text}")
  string(REPLACE "${LS_BSL}" "\\" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

function(ls_unescape line outvar)
  ls_join_lines("${line}" text)
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

# Same rules as refrun.py normalize_stderr():
#  1. remove every occurrence of "<program directory>/";
#  2. drop each line `  File "F", line N...` whose F contains '/' or starts with
#     '<' (i.e. is not a file in the program's directory), together with all
#     immediately following lines that start with four spaces (source + carets).
function(ls_normalize_stderr text dir outvar)
  string(REPLACE "${dir}/" "" text "${text}")
  ls_split_lines("${text}" lines)
  set(out "")
  set(skipping FALSE)
  set(first TRUE)
  foreach(line IN LISTS lines)
    if(skipping AND line MATCHES "^    ")
      continue()
    endif()
    set(skipping FALSE)
    if(line MATCHES "^  File \"([^\"]*)\", line ")
      set(file "${CMAKE_MATCH_1}")
      if(file MATCHES "/" OR file MATCHES "^<")
        set(skipping TRUE)
        continue()
      endif()
    endif()
    # list(APPEND) would drop a leading empty element; build the list by hand.
    if(first)
      set(out "${line}")
      set(first FALSE)
    else()
      set(out "${out};${line}")
    endif()
  endforeach()
  ls_join_lines("${out}" text)
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

function(ls_first_line text outvar)
  string(FIND "${text}" "\n" pos)
  if(pos GREATER_EQUAL 0)
    string(SUBSTRING "${text}" 0 ${pos} text)
  endif()
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

set(FAILURES 0)

# Print a unified-diff-like report: the first differing line with 3 lines of
# context, then up to 6 expected (-) and 6 actual (+) lines from there.
function(ls_report what expected actual)
  ls_split_lines("${expected}" exp_lines)
  ls_split_lines("${actual}" got_lines)
  list(LENGTH exp_lines n_exp)
  list(LENGTH got_lines n_got)
  # An empty string is an empty list, but "a\n" is ["a", ""]: make both uniform.
  if(expected STREQUAL "")
    set(n_exp 0)
  endif()
  if(actual STREQUAL "")
    set(n_got 0)
  endif()
  # Line counts for the header: a final "\n" ends the last line, it does not
  # start a new one.
  set(lines_exp ${n_exp})
  set(lines_got ${n_got})
  if(expected MATCHES "\n$")
    math(EXPR lines_exp "${n_exp} - 1")
  endif()
  if(actual MATCHES "\n$")
    math(EXPR lines_got "${n_got} - 1")
  endif()
  set(i 0)
  while(i LESS n_exp AND i LESS n_got)
    list(GET exp_lines ${i} a)
    list(GET got_lines ${i} b)
    if(NOT a STREQUAL b)
      break()
    endif()
    math(EXPR i "${i} + 1")
  endwhile()
  math(EXPR line_no "${i} + 1")
  set(msg "MISMATCH ${what}\n--- expected (${lines_exp} lines)\n+++ got (${lines_got} lines)\n@@ first difference at line ${line_no} @@\n")
  math(EXPR ctx "${i} - 3")
  if(ctx LESS 0)
    set(ctx 0)
  endif()
  while(ctx LESS i)
    list(GET exp_lines ${ctx} a)
    ls_unescape("${a}" a)
    string(APPEND msg " ${a}\n")
    math(EXPR ctx "${ctx} + 1")
  endwhile()
  set(k ${i})
  math(EXPR stop "${i} + 6")
  while(k LESS n_exp AND k LESS stop)
    list(GET exp_lines ${k} a)
    ls_unescape("${a}" a)
    string(APPEND msg "-${a}\n")
    math(EXPR k "${k} + 1")
  endwhile()
  if(k LESS n_exp)
    string(APPEND msg "-...\n")
  endif()
  set(k ${i})
  while(k LESS n_got AND k LESS stop)
    list(GET got_lines ${k} b)
    ls_unescape("${b}" b)
    string(APPEND msg "+${b}\n")
    math(EXPR k "${k} + 1")
  endwhile()
  if(k LESS n_got)
    string(APPEND msg "+...\n")
  endif()
  if(i EQUAL n_exp AND i EQUAL n_got)
    string(APPEND msg "(lines are equal; the difference is a missing or extra final newline)\n")
  endif()
  message("${msg}")
  math(EXPR f "${FAILURES} + 1")
  set(FAILURES ${f} PARENT_SCOPE)
endfunction()

function(ls_read_expected ext outvar)
  set(path "${EXPECTED_DIR}/${NAME}.${ext}")
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "missing ${path}: run tests/conformance/regen.sh")
  endif()
  file(READ "${path}" content)
  set(${outvar} "${content}" PARENT_SCOPE)
endfunction()

ls_read_expected(out exp_out)
ls_read_expected(exit exp_exit)
ls_read_expected(err exp_err)
string(STRIP "${exp_exit}" exp_exit)

execute_process(
  COMMAND "${LOOPSCOPE}" run --timestamps "${PROG}"
  WORKING_DIRECTORY "${PROG_DIR}"
  OUTPUT_VARIABLE got_out
  ERROR_VARIABLE got_err
  RESULT_VARIABLE got_exit
  TIMEOUT ${TIMEOUT})

if(NOT got_out STREQUAL exp_out)
  ls_report("stdout of `loopscope run --timestamps ${NAME}.py` vs expected/${NAME}.out"
            "${exp_out}" "${got_out}")
endif()

if(NOT got_exit STREQUAL exp_exit)
  message("MISMATCH exit status of ${NAME}.py: expected ${exp_exit}, got ${got_exit}")
  math(EXPR FAILURES "${FAILURES} + 1")
endif()

ls_normalize_stderr("${got_err}" "${PROG_DIR}" norm_err)
if(exp_exit STREQUAL "3")
  ls_first_line("${exp_err}" exp_first)
  ls_first_line("${norm_err}" got_first)
  if(NOT got_first STREQUAL exp_first)
    ls_report("first stderr line of ${NAME}.py (deadlock) vs expected/${NAME}.err"
              "${exp_first}" "${got_first}")
  endif()
elseif(NOT norm_err STREQUAL exp_err)
  ls_report("normalized stderr of ${NAME}.py vs expected/${NAME}.err"
            "${exp_err}" "${norm_err}")
endif()

if(CHECK_TRACE)
  ls_read_expected(trace exp_trace)
  execute_process(
    COMMAND "${LOOPSCOPE}" run --loop-trace "${PROG}"
    WORKING_DIRECTORY "${PROG_DIR}"
    OUTPUT_VARIABLE got_trace
    ERROR_VARIABLE ignored_err
    RESULT_VARIABLE ignored_exit
    TIMEOUT ${TIMEOUT})
  if(NOT got_trace STREQUAL exp_trace)
    ls_report("stdout of `loopscope run --loop-trace ${NAME}.py` vs expected/${NAME}.trace"
              "${exp_trace}" "${got_trace}")
  endif()
endif()

if(FAILURES GREATER 0)
  message(FATAL_ERROR "conf_${NAME}: ${FAILURES} mismatch(es)")
endif()
message(STATUS "conf_${NAME}: ok")
