//! Closed enums with fixed wire names. Each enum's values and their names are written once,
//! here in the domain, in a `wire_enum!` block: serde reads and writes them from that list,
//! and the HTTP layer builds the published schemas from [`WireEnum::ALL`] and
//! [`WireEnum::as_str`], so the knowledge files, the requests, the answers and the OpenAPI
//! document cannot drift apart.

/// A closed enum whose values travel under fixed snake_case names.
pub trait WireEnum: Copy + 'static {
    /// Every value, in declaration order: the order the contract publishes.
    const ALL: &'static [Self];

    /// The wire name of the value.
    fn as_str(self) -> &'static str;
}

/// Declares a closed enum with its wire names, deriving serde from them, plus `ALL`, `as_str`
/// and [`WireEnum`].
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name of the value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }

        impl $crate::domain::WireEnum for $name {
            const ALL: &'static [$name] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    use super::WireEnum;
    use crate::domain::{Association, PregnancyStage, TriageLevel};

    /// serde and `as_str` are generated from the same list, so they must agree.
    fn round_trips<E: WireEnum + serde::Serialize + serde::de::DeserializeOwned + PartialEq>() {
        for &value in E::ALL {
            let json = serde_json::to_value(value).unwrap();
            assert_eq!(json, value.as_str());
            assert!(serde_json::from_value::<E>(json).unwrap() == value);
        }
    }

    #[test]
    fn serde_names_are_the_wire_names() {
        round_trips::<PregnancyStage>();
        round_trips::<Association>();
        round_trips::<TriageLevel>();
        assert_eq!(PregnancyStage::Trimester1.as_str(), "trimester_1");
        assert_eq!(TriageLevel::SelfCare.as_str(), "self_care");
    }
}
