//! Files in the terminal chat: attachments are written to a folder, and `checklist import
//! PATH` reads a file the way other platforms receive an upload.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// Maximum number of numbered alternatives tried before giving up on a free file name.
const MAX_NAME_ATTEMPTS: u32 = 1000;

/// Writes `content` to a new file in `folder` named after `file_name`, or after
/// `file_name` with `-1`, `-2`, ... before its extension when that name is taken. Never
/// overwrites a file. Returns the path written.
pub fn write_new_file(folder: &Path, file_name: &str, content: &[u8]) -> std::io::Result<PathBuf> {
    let safe = safe_file_name(file_name);
    let (stem, extension) = match safe.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem.to_owned(), format!(".{extension}")),
        _ => (safe.clone(), String::new()),
    };
    for attempt in 0..MAX_NAME_ATTEMPTS {
        let name = if attempt == 0 { safe.clone() } else { format!("{stem}-{attempt}{extension}") };
        let path = folder.join(name);
        // `create_new` fails when the file exists, also when another process made it just now.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(content)?;
                return Ok(path);
            }
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(ErrorKind::AlreadyExists, format!("{MAX_NAME_ATTEMPTS} names like {safe} are taken")))
}

/// Keeps a name made of letters, digits, `-`, `_` and `.`, without a leading dot, so that an
/// attachment name cannot point outside the folder or hide the file.
fn safe_file_name(file_name: &str) -> String {
    let kept: String = file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .collect();
    let trimmed = kept.trim_start_matches('.');
    if trimmed.is_empty() {
        "attachment".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Returns the path typed after `checklist import`, without surrounding quotes.
pub fn typed_path(words: &[String]) -> Option<PathBuf> {
    let joined = words.join(" ");
    let unquoted = joined.trim().trim_matches(['"', '\'']);
    (!unquoted.is_empty()).then(|| PathBuf::from(unquoted))
}

/// Reason a typed path could not be read as an upload.
#[derive(Debug)]
pub enum ReadProblem {
    /// A folder, device, pipe or socket: only regular files are read, because reading a
    /// device such as `/dev/zero` or a pipe never ends.
    NotAFile,
    /// Larger than the limit; nothing beyond the limit was read.
    TooLarge,
    Io(std::io::Error),
}

/// Reads a regular file of at most `max_bytes` bytes, reading no more than one byte past the
/// limit even when the file grows or its size is not known in advance.
pub fn read_limited(path: &Path, max_bytes: usize) -> Result<Vec<u8>, ReadProblem> {
    let metadata = std::fs::metadata(path).map_err(ReadProblem::Io)?;
    if !metadata.is_file() {
        return Err(ReadProblem::NotAFile);
    }
    if metadata.len() > max_bytes as u64 {
        return Err(ReadProblem::TooLarge);
    }
    let file = std::fs::File::open(path).map_err(ReadProblem::Io)?;
    let mut content = Vec::new();
    file.take(max_bytes as u64 + 1).read_to_end(&mut content).map_err(ReadProblem::Io)?;
    if content.len() > max_bytes {
        return Err(ReadProblem::TooLarge);
    }
    Ok(content)
}

/// Returns the Fluent message id that explains `error` to a member, for the errors a typed
/// path or the files folder commonly meets; `None` for others, which show the system's message.
pub fn io_reason_id(error: &std::io::Error) -> Option<&'static str> {
    match error.kind() {
        ErrorKind::NotFound => Some("terminal-reason-not-found"),
        ErrorKind::PermissionDenied => Some("terminal-reason-permission-denied"),
        ErrorKind::IsADirectory => Some("terminal-reason-not-a-file"),
        ErrorKind::NotADirectory => Some("terminal-reason-not-a-folder"),
        ErrorKind::ReadOnlyFilesystem => Some("terminal-reason-read-only"),
        ErrorKind::StorageFull => Some("terminal-reason-storage-full"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_names_get_a_number() {
        let folder = tempfile::tempdir().unwrap();
        let first = write_new_file(folder.path(), "checklist-nl.csv", b"a").unwrap();
        let second = write_new_file(folder.path(), "checklist-nl.csv", b"b").unwrap();
        let third = write_new_file(folder.path(), "checklist-nl.csv", b"c").unwrap();
        assert_eq!(first, folder.path().join("checklist-nl.csv"));
        assert_eq!(second, folder.path().join("checklist-nl-1.csv"));
        assert_eq!(third, folder.path().join("checklist-nl-2.csv"));
        assert_eq!(std::fs::read(&first).unwrap(), b"a");
    }

    #[test]
    fn hostile_names_stay_in_the_folder() {
        let folder = tempfile::tempdir().unwrap();
        let written = write_new_file(folder.path(), "../../etc/passwd", b"x").unwrap();
        assert_eq!(written.parent(), Some(folder.path()));
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name("..."), "attachment");
    }

    #[test]
    fn large_files_are_not_read() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("big.csv");
        std::fs::write(&path, vec![b'x'; 11]).unwrap();
        assert!(matches!(read_limited(&path, 10), Err(ReadProblem::TooLarge)));
        assert_eq!(read_limited(&path, 11).unwrap().len(), 11);
        let missing = read_limited(&folder.path().join("missing.csv"), 10);
        assert!(matches!(missing, Err(ReadProblem::Io(error)) if error.kind() == ErrorKind::NotFound));
    }

    #[test]
    fn only_regular_files_are_read() {
        let folder = tempfile::tempdir().unwrap();
        assert!(matches!(read_limited(folder.path(), 10), Err(ReadProblem::NotAFile)));
        // A device reports size 0 and never ends; reading it must not start.
        assert!(matches!(read_limited(Path::new("/dev/zero"), 10), Err(ReadProblem::NotAFile)));
    }

    #[test]
    fn typed_paths_lose_quotes() {
        let words = ["\"my", "answers.csv\""].map(str::to_owned);
        assert_eq!(typed_path(&words), Some(PathBuf::from("my answers.csv")));
        assert_eq!(typed_path(&[]), None);
    }
}
