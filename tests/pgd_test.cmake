# SPDX-License-Identifier: MIT
# pgd_add_test(NAME SOURCES... [LIBS libs...]): a cmocka executable test_NAME
# linked with pgd_core and registered with ctest (label "unit").
function(pgd_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(test_${name} ${T_SOURCES})
  target_link_libraries(test_${name} PRIVATE pgd_core PkgConfig::CMOCKA ${T_LIBS})
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${UTHASH_INCLUDE_DIR})
  set_target_properties(test_${name} PROPERTIES ENABLE_EXPORTS ON)
  add_test(NAME ${name} COMMAND test_${name} WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
endfunction()
