# SPDX-License-Identifier: MIT
# pgd_add_test(NAME SOURCES ... [LIBS ...] [LABELS ...]): a cmocka executable
# test_NAME linked with pgd_core, registered with ctest (label "unit" unless
# given). Outside sanitizer builds it is registered a second time as
# NAME_valgrind, run under valgrind with errors and leaks fatal.
find_program(PGD_VALGRIND valgrind)

function(pgd_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(test_${name} ${T_SOURCES})
  target_link_libraries(test_${name} PRIVATE pgd_core PkgConfig::CMOCKA ${T_LIBS})
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${UTHASH_INCLUDE_DIR})
  pgd_export_machine(test_${name})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  add_test(NAME ${name} COMMAND test_${name} WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
  if(PGD_VALGRIND AND NOT PGD_SANITIZE)
    add_test(NAME ${name}_valgrind
             COMMAND ${PGD_VALGRIND} -q --error-exitcode=99 --leak-check=full
                     --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
                     $<TARGET_FILE:test_${name}>
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(${name}_valgrind PROPERTIES LABELS "valgrind;${T_LABELS}" TIMEOUT 300)
  endif()
endfunction()
