//! `labelled!`: a closed list of codes, each stored by its `as_str` and shown in Korean and
//! English, so that a record holds a code and every reader gets words in their language.

macro_rules! labelled {
    ($(#[$meta:meta])* $name:ident { $($body:tt)* }) => {
        labelled! { $(#[$meta])* $name / UnknownItem { $($body)* } }
    };
    // `Name / X { … }`: a code not on the list is refused as `FieldError::X`.
    ($(#[$meta:meta])* $name:ident / $unknown:ident { $($variant:ident => $code:literal, $ko:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code,)* }
            }
            pub fn ko(self) -> &'static str {
                match self { $(Self::$variant => $ko,)* }
            }
            pub fn en(self) -> &'static str {
                match self { $(Self::$variant => $en,)* }
            }
        }

        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|a| a.as_str() == s.trim()).ok_or(FieldError::$unknown)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use labelled;
