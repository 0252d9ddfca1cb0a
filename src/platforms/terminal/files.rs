//! Files in the terminal chat: attachments are written to a folder, and `checklist import
//! PATH` reads a file the way other platforms receive an upload.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
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

/// Reads a file of at most `max_bytes` bytes. Returns `Ok(None)` for a larger file, without
/// reading it.
pub fn read_limited(path: &Path, max_bytes: usize) -> std::io::Result<Option<Vec<u8>>> {
    let size = std::fs::metadata(path)?.len();
    if size > max_bytes as u64 {
        return Ok(None);
    }
    let content = std::fs::read(path)?;
    // The file may have grown since the size was read.
    Ok((content.len() <= max_bytes).then_some(content))
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
        assert_eq!(read_limited(&path, 10).unwrap(), None);
        assert_eq!(read_limited(&path, 11).unwrap().map(|content| content.len()), Some(11));
        assert!(read_limited(&folder.path().join("missing.csv"), 10).is_err());
    }

    #[test]
    fn typed_paths_lose_quotes() {
        let words = ["\"my", "answers.csv\""].map(str::to_owned);
        assert_eq!(typed_path(&words), Some(PathBuf::from("my answers.csv")));
        assert_eq!(typed_path(&[]), None);
    }
}
