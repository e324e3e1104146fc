//! Lexicon rule files: format, validation and the compiled matcher.
