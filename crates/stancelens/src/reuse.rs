//! Buffers a thread keeps from one use to the next (the per-source and per-sentence work
//! vectors of the analysis): taken out of a thread-local slot, emptied by the user, and put
//! back when done unless they have grown past a bound. Allocating and freeing them for every
//! source cost page faults (docs/performance.md, "Eighth round").

use std::cell::RefCell;
use std::thread::LocalKey;

/// This thread's kept value in `slot`, or a new one when there is none (or the slot is in
/// use). The caller empties what it needs emptied.
pub(crate) fn take<T: Default>(slot: &'static LocalKey<RefCell<T>>) -> T {
    slot.with(|s| {
        s.try_borrow_mut()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    })
}

/// What a kept value holds, in bytes of heap memory.
pub(crate) trait Held {
    fn bytes(&self) -> usize;
}

impl<T> Held for Vec<T> {
    fn bytes(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

/// Keep `value` in `slot` for this thread's next use, unless it holds more than
/// `max_bytes`, in which case it is dropped.
pub(crate) fn keep<T: Held>(slot: &'static LocalKey<RefCell<T>>, value: T, max_bytes: usize) {
    if value.bytes() > max_bytes {
        return;
    }
    slot.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = value;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: RefCell<Vec<u8>> = RefCell::default();
    }

    #[test]
    fn kept_within_the_bound_dropped_past_it() {
        keep(&SLOT, Vec::with_capacity(64), 100);
        assert!(take(&SLOT).capacity() >= 64);
        // Taken: the slot is empty until something is kept again.
        assert_eq!(take(&SLOT).capacity(), 0);
        keep(&SLOT, Vec::with_capacity(640), 100);
        assert_eq!(take(&SLOT).capacity(), 0);
    }
}
