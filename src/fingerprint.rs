//! Fingerprints: what the caches of every stage key their entries by.

use std::hash::{DefaultHasher, Hash, Hasher};

/// A fingerprint of anything hashable. `DefaultHasher::new` has fixed keys, so the same
/// inputs give the same fingerprint in every run.
pub(crate) fn of(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
