//! Resolve: from the sources as written to the site as it will be built.
//!
//! This part holds what anchoring needs: finding an annotation's words in the text a reader
//! sees ([`anchor`]) and finding actors' names there ([`mentions`]).

pub mod anchor;
pub mod mentions;
