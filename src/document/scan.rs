//! The limits checked on the raw text, before it is parsed.

use crate::error::{Problems, Stage};

use super::Limits;

/// Checks the size of `text` and how deeply its arrays and objects nest.
///
/// The depth is found by one linear pass over the bytes that skips string contents (and the
/// escapes inside them), so a hostile document of 100,000 nested arrays costs one pass and no
/// recursion. The pass does not judge syntax; the parser does that next.
pub(super) fn check_text(text: &str, limits: &Limits) -> Result<(), Problems> {
    if text.len() > limits.max_document_bytes {
        return Err(Problems::one(
            Stage::Limits,
            "",
            format!(
                "the document is {} bytes long, more than the limit of {} bytes",
                text.len(),
                limits.max_document_bytes
            ),
        ));
    }
    let depth = max_depth(text.as_bytes(), limits.max_depth);
    if depth > limits.max_depth {
        return Err(Problems::one(
            Stage::Limits,
            "",
            format!(
                "arrays and objects are nested more than {} levels deep",
                limits.max_depth
            ),
        ));
    }
    Ok(())
}

/// The deepest nesting of arrays and objects in `bytes`, outside strings; stops counting as soon
/// as it passes `stop_above`.
fn max_depth(bytes: &[u8], stop_above: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > stop_above {
                        return deepest;
                    }
                }
            }
            // Unbalanced closers are a syntax error the parser reports; never underflow here.
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_outside_strings_only() {
        // Depths by hand: `[` 1, `{` 2, inner `[` 3; the brackets inside strings do not count.
        assert_eq!(max_depth(br#"[{"a": [1, "[[[{{"]}]"#, 100), 3);
        // An escaped quote does not end the string, so the brackets after it are still inside.
        assert_eq!(max_depth(br#"["a\"[[[[", []]"#, 100), 2);
        // An escaped backslash does end the escape: the quote after it closes the string.
        assert_eq!(max_depth(br#"["a\\", [[]]]"#, 100), 3);
        assert_eq!(max_depth(b"", 100), 0);
        assert_eq!(max_depth(b"]]]]][", 100), 1);
    }

    #[test]
    fn stops_early_on_deep_input() {
        let deep = "[".repeat(100_000);
        assert_eq!(max_depth(deep.as_bytes(), 64), 65);
    }

    #[test]
    fn rejects_oversize_and_deep_text() {
        let limits = Limits {
            max_document_bytes: 10,
            max_depth: 2,
            ..Limits::default()
        };
        let big = check_text("[1,2,3,4,5,6]", &limits).unwrap_err();
        assert!(
            big.iter()
                .all(|p| p.stage == Stage::Limits && p.pointer.is_empty())
        );
        assert!(check_text("[[[]]]", &limits).is_err());
        assert!(check_text("[[\"[[\"]]", &limits).is_ok());
    }
}
