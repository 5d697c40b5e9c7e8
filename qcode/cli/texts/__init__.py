"""Commands that change documents' texts: pseudonyms and corrections."""
