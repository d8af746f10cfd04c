//! The languages every text a person reads exists in.

/// A supported language. English is the source; the others are translations of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// English (the source texts).
    #[default]
    En,
    /// Spanish.
    Es,
    /// German.
    De,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::De, Lang::Fr];

    /// The BCP 47 tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::De => "de",
            Self::Fr => "fr",
        }
    }

    /// The language with this primary subtag (`es-MX` → Spanish), if supported.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.as_str() == primary)
    }

    /// The language's name in itself ("Español"), for language switchers.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
            Self::De => "Deutsch",
            Self::Fr => "Français",
        }
    }

    /// Position in [`Lang::ALL`], for per-language tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Read from its exact tag (`"en"`), as a source's `lang` in the knowledge files is written.
impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == tag)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown language {tag:?}")))
    }
}
