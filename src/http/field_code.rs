//! The closed list of `FieldError.code` values: every per-field code the service can send, in
//! `/v1` and `/cds-services` alike. The spec's enum is generated from it, and
//! [`super::FieldError::new`] checks each code against it in debug builds, so a test that
//! produces an unlisted code fails.

/// Declares [`FieldCode`] once: each variant with its wire code.
macro_rules! field_codes {
    ($($variant:ident => $code:literal: $doc:literal,)+) => {
        /// A per-field problem code (`errors[].code`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldCode {
            $(
                #[doc = $doc]
                $variant,
            )+
        }

        impl FieldCode {
            /// Every code.
            pub const ALL: &[FieldCode] = &[$(Self::$variant),+];

            /// The wire code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }
    };
}

field_codes! {
    Required => "required": "A required field is missing.",
    InvalidType => "invalid_type": "The value has the wrong JSON type.",
    UnknownField => "unknown_field": "The field is not part of the schema.",
    UnknownValue => "unknown_value": "The value is not one of the enum's values.",
    OutOfRange => "out_of_range": "A number outside its allowed range.",
    TooManyItems => "too_many_items": "A list with more items than allowed.",
    DuplicateItem => "duplicate_item": "The same item appears twice in a list.",
    DuplicateKey => "duplicate_key": "The same key appears twice in one JSON object (RFC 8259 names should be unique; which one counts would be a guess).",
    InvalidLength => "invalid_length": "A text that is empty, blank or too long.",
    Invalid => "invalid": "A value that is malformed in another way (the message says how).",
    MalformedJson => "malformed_json": "The body is not JSON (the pointer is the whole body).",
    InvalidFhir => "invalid_fhir": "A FHIR resource in a CDS Hooks call that cannot be read.",
    WrongHook => "wrong_hook": "A CDS Hooks call for another hook than the service's.",
    FhirFetchFailed => "fhir_fetch_failed": "Required FHIR data could not be fetched from fhirServer.",
}

impl FieldCode {
    /// The code with this wire name.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}
