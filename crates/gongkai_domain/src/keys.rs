//! Helpers for the keyed enums. Keys (stored in the database, used in the API and URLs) and
//! Chinese labels are derived with strum: `IntoStaticStr` gives `key()`, `EnumString` gives
//! `from_key()`, `EnumMessage` (`#[strum(message = "…")]`) gives the label, `VariantArray`
//! gives `ALL`. Every key and label is pinned by the table in `keys/tests.rs`.

#[cfg(test)]
mod tests;

/// `ALL` as a fixed-size array, in declaration order, from strum's `VARIANTS`. A length that
/// does not match the variants fails at compile time.
pub(crate) const fn all<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    assert!(variants.len() == N, "ALL must list every variant");
    let mut out = [variants[0]; N];
    let mut i = 1;
    while i < N {
        out[i] = variants[i];
        i += 1;
    }
    out
}
