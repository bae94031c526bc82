// Returning freed memory; see memory.h.
#include "common/memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace delta_arc {

void ReturnFreedMemory() {
#if defined(__GLIBC__)
  // malloc_trim(3): since glibc 2.8 it releases free pages of all arenas, in the middle
  // of the heap too (madvise MADV_DONTNEED), not only its top.
  malloc_trim(0);
#endif
}

}  // namespace delta_arc
