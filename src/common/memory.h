// Returning memory the process freed to the operating system.
#pragma once

namespace delta_arc {

// Gives back the pages of freed memory that glibc's allocator keeps for reuse (in every
// thread's arena, not only at the top of the heap): after a phase that built and dropped
// much, the resident size then follows what is still in use. Costs a pass over the free
// lists; call between phases, not in a loop. Does nothing with another C library.
void ReturnFreedMemory();

}  // namespace delta_arc
