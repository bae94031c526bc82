// FNV-1a, 64-bit (Fowler, Noll, Vo; the IETF draft draft-eastlake-fnv): the one hash behind
// every name and key delta-arc derives from text. Each byte is XORed into the hash, which
// is then multiplied by the prime 1099511628211, modulo 2^64. Folding goes on from a hash:
// Fnv1a64(b, Fnv1a64(a)) == Fnv1a64(a + b).
#pragma once

#include <cstdint>
#include <string_view>

namespace delta_arc {

// FNV-1a 64's offset basis (0xcbf29ce484222325).
inline constexpr uint64_t kFnv1a64Basis = 14695981039346656037ULL;
// The basis of delta-arc's scope ids, asset keys and fingerprints: FNV's with its last
// digit lost in delta-arc's first version. Scope ids are in Atlan's qualifiedNames, keys
// and fingerprints in caches, so they keep it; anything new takes kFnv1a64Basis.
inline constexpr uint64_t kDeltaArcBasis = 1469598103934665603ULL;

constexpr uint64_t Fnv1a64(std::string_view bytes, uint64_t hash = kFnv1a64Basis) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace delta_arc
