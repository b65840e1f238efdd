# Compiler launcher, warnings and sanitizers shared by every target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # pch_defines/time_macros/include_file_mtime let ccache cache translation units that
  # use a precompiled header. CCACHE_BASEDIR: ccache hashes (and compiles with) paths under
  # the source tree relative to the build folder, so a second clone in another folder, built
  # in its own build/ like the first, hits what the first compiled. Its precompiled torch
  # header then comes out of the cache byte for byte too, which is what the files using it
  # hash. Outside that layout (a build folder elsewhere) it only misses, as before.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" ${CCACHE_PROGRAM})
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
