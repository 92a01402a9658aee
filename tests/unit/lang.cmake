# Unit tests of src/lang: lexer, parser, compiler (one cmocka executable each).
ls_unit_test(test_lexer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_lexer.c LIBS ls_lang)
ls_unit_test(test_parser SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_parser.c LIBS ls_lang)
ls_unit_test(test_compiler SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_compiler.c LIBS ls_lang)
