# Used by scripts/fuzz.sh only while the top-level CMakeLists.txt does not yet add
# fuzz/ itself (passed as CMAKE_PROJECT_INCLUDE): includes fuzz/CMakeLists.txt once the
# top level has defined every library target (a deferred call may not
# add_subdirectory, but it may include).
if(SOCKC_FUZZ)
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL include ${CMAKE_SOURCE_DIR}/fuzz/CMakeLists.txt)
endif()
