//! Why a knowledge set was rejected. Every variant names the file and, where there is one,
//! the entry, so a clinical editor can find the mistake without reading Rust.

/// A knowledge set that failed to load or failed its checks. Only ever returned at start-up.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// A file could not be read from `APP_KNOWLEDGE_DIR`.
    #[error("cannot read knowledge file {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid TOML or does not match the schema.
    #[error("{file}: entry {entry}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The id of the entry the error is in (`(file header)` before the first entry).
        entry: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// Two entries share an id.
    #[error("{file}: entry {id}: id is used more than once")]
    DuplicateId {
        /// The file.
        file: String,
        /// The repeated id.
        id: String,
    },
    /// A reference to an id that does not exist.
    #[error("{file}: entry {entry}: {field} refers to unknown id {target:?}")]
    DanglingReference {
        /// The file.
        file: String,
        /// The entry holding the reference.
        entry: String,
        /// The field holding the reference.
        field: String,
        /// The missing id.
        target: String,
    },
    /// Any other rule an entry breaks.
    #[error("{file}: entry {entry}: {problem}")]
    Invalid {
        /// The file.
        file: String,
        /// The entry.
        entry: String,
        /// What is wrong.
        problem: String,
    },
}

impl KnowledgeError {
    pub(crate) fn invalid(file: &str, entry: &str, problem: impl Into<String>) -> Self {
        Self::Invalid {
            file: file.to_owned(),
            entry: entry.to_owned(),
            problem: problem.into(),
        }
    }

    pub(crate) fn dangling(file: &str, entry: &str, field: &str, target: &str) -> Self {
        Self::DanglingReference {
            file: file.to_owned(),
            entry: entry.to_owned(),
            field: field.to_owned(),
            target: target.to_owned(),
        }
    }
}
