# Compiler launcher, warnings and sanitizers shared by every target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # pch_defines/time_macros/include_file_mtime let ccache cache translation units that
  # use a precompiled header.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${CCACHE_PROGRAM})
endif()

add_compile_options(-Wall -Wextra)

set(_rcmae_sanitizers "")
if(RCMAE_ASAN)
  list(APPEND _rcmae_sanitizers address)
endif()
if(RCMAE_UBSAN)
  list(APPEND _rcmae_sanitizers undefined)
endif()
if(RCMAE_TSAN)
  list(APPEND _rcmae_sanitizers thread)
endif()
if(_rcmae_sanitizers)
  list(JOIN _rcmae_sanitizers "," _rcmae_san_list)
  add_compile_options(-fsanitize=${_rcmae_san_list} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_rcmae_san_list})
endif()
