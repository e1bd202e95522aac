//! ELIG-03: the smartphone runs Android 6 or later, or iOS 13 or later; older versions can
//! neither install nor activate the app.

use crate::refusal::OS_UNSUPPORTED;

/// The two smartphone platforms the app exists for (Play Store, App Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Os {
    Android,
    Ios,
}

impl Os {
    /// The oldest major version the app supports.
    pub fn min_major(self) -> u32 {
        match self {
            Os::Android => 6,
            Os::Ios => 13,
        }
    }
}

/// ELIG-03: `os` at major version `major` can run the app.
pub fn os_supported(os: Os, major: u32) -> bool {
    major >= os.min_major()
}

/// ELIG-03 as a refusal: `os_unsupported` when the version is too old.
pub fn check_os(os: Os, major: u32) -> Result<(), &'static str> {
    if os_supported(os, major) { Ok(()) } else { Err(OS_UNSUPPORTED) }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks the boundaries: Android 5 refused, 6 accepted; iOS 12 refused, 13 accepted.
    #[test]
    fn version_boundaries() {
        let cases = [
            (Os::Android, 0, false),
            (Os::Android, 5, false),
            (Os::Android, 6, true),
            (Os::Android, 14, true),
            (Os::Ios, 6, false),
            (Os::Ios, 12, false),
            (Os::Ios, 13, true),
            (Os::Ios, 17, true),
        ];
        for (os, major, supported) in cases {
            assert_eq!(os_supported(os, major), supported, "{os:?} {major}");
            let expected = if supported { Ok(()) } else { Err(OS_UNSUPPORTED) };
            assert_eq!(check_os(os, major), expected, "{os:?} {major}");
        }
    }
}
