use super::*;

/// Fills in an exported questionnaire as a spreadsheet would, keeping its separator.
fn fill(csv: &[u8], separator: u8, answers: &[(&str, &str)]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).from_reader(csv);
    let mut writer = csv::WriterBuilder::new().delimiter(separator).from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if let Some((_, answer)) = answers.iter().find(|(id, _)| *id == cells[0]) {
            cells[3] = (*answer).to_owned();
            cells[4] = format!("note on {}", cells[0]);
        }
        writer.write_record(&cells).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn csv_export_lists_every_item_with_empty_answers() {
    for language in [Language::Nl, Language::En] {
        let exported = to_csv(language);
        let (columns, separator) = csv_layout(language);
        let without_mark = exported.strip_prefix("\u{FEFF}".as_bytes()).expect("the export starts with a byte order mark");
        let mut reader = csv::ReaderBuilder::new().delimiter(separator).from_reader(without_mark);
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), columns);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), Checklist::get(language).items().count());
        assert!(rows.iter().all(|row| row.len() == 5), "{language:?}: every row has five cells");
        assert!(rows.iter().all(|row| row[3].is_empty() && row[4].is_empty()));
        assert_eq!(&rows[0][0], "storage.separation");
    }
}

#[test]
fn csv_export_suits_spreadsheets_per_language() {
    let dutch = String::from_utf8(to_csv(Language::Nl)).unwrap();
    assert!(dutch.starts_with("\u{FEFF}id;onderdeel;vraag;antwoord;opmerking\n"), "{dutch}");
    let english = String::from_utf8(to_csv(Language::En)).unwrap();
    assert!(english.starts_with("\u{FEFF}id,section,question,answer,note\n"), "{english}");
}

#[test]
fn csv_round_trip_reads_answers_and_notes() {
    let filled = fill(
        &to_csv(Language::Nl),
        b';',
        &[("storage.separation", "ja"), ("api.tls", "Nee"), ("email.tls", "weet niet"), ("portal.tls", "n.v.t.")],
    );
    let imported = from_csv(&filled).unwrap();
    assert_eq!(imported.answers.len(), 4);
    assert_eq!(imported.answers["storage.separation"], Answer::Yes);
    assert_eq!(imported.answers["api.tls"], Answer::No);
    assert_eq!(imported.answers["email.tls"], Answer::DontKnow);
    assert_eq!(imported.answers["portal.tls"], Answer::NotApplicable);
    assert_eq!(imported.notes["api.tls"], "note on api.tls");
}

#[test]
fn english_answers_and_semicolons_are_read() {
    let content = "\u{FEFF}ID;Section;Question;Answer;Note\r\napi.tls;x;y;yes;\r\nemail.tls;x;y;don't know;later\r\n";
    let imported = from_csv(content.as_bytes()).unwrap();
    assert_eq!(imported.answers["api.tls"], Answer::Yes);
    assert_eq!(imported.answers["email.tls"], Answer::DontKnow);
    assert_eq!(imported.notes["email.tls"], "later");
}

#[test]
fn dutch_headers_and_windows_1252_are_read() {
    let mut content = b"id,antwoord,opmerking\napi.tls,nee,geen \xe9\xe9n\n".to_vec();
    content.extend(b"portal.tls,,\n");
    let imported = from_csv(&content).unwrap();
    assert_eq!(imported.answers.len(), 1);
    assert_eq!(imported.notes["api.tls"], "geen één");
}

#[test]
fn excel_unicode_text_is_read() {
    let text = "id\tsection\tquestion\tanswer\tnote\r\napi.tls\tx\ty\tnee\té\r\n";
    let content: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let imported = from_csv(&content).unwrap();
    assert_eq!(imported.answers["api.tls"], Answer::No);
    assert_eq!(imported.notes["api.tls"], "é");
}

#[test]
fn binary_files_are_not_text() {
    let content: Vec<u8> = (0..=255u8).cycle().take(2560).collect();
    assert_eq!(from_csv(&content), Err(ImportError::NotText));
}

#[test]
fn import_errors_name_the_row() {
    let header = "id,section,question,answer,note\n";
    let cases = [
        (format!("{header}api.tls,,,ja,\nnope.item,,,nee,\n"), ImportError::UnknownId { row: 3, id: "nope.item".into() }),
        (format!("{header}api.tls,,,misschien,\n"), ImportError::InvalidAnswer { row: 2, value: "misschien".into() }),
        (format!("{header}api.tls,,,ja,\napi.tls,,,nee,\n"), ImportError::DuplicateId { row: 3, id: "api.tls".into() }),
        (format!("{header},,,ja,\n"), ImportError::MissingId { row: 2 }),
        ("section,question,answer\nx,y,ja\n".to_owned(), ImportError::MissingColumn { column: "id" }),
        ("id,question\napi.tls,y\n".to_owned(), ImportError::MissingColumn { column: "answer" }),
        ("\n \n".to_owned(), ImportError::Empty),
        (format!("{header}api.tls,,,nee,\"open quote\nemail.tls,,,ja,\n"), ImportError::Malformed { row: 2 }),
        ("id,answer\napi.tls,ja\0\0\n".to_owned(), ImportError::NotText),
    ];
    for (content, expected) in cases {
        assert_eq!(from_csv(content.as_bytes()), Err(expected), "{content:?}");
    }
}

#[test]
fn empty_rows_and_answers_are_skipped() {
    let content = "id,answer\n\napi.tls,\n,\n";
    assert_eq!(from_csv(content.as_bytes()), Ok(Imported::default()));
}

#[test]
fn hostile_values_are_cleaned_and_cut() {
    let long = "x".repeat(5000);
    let content = format!("id,answer,note\napi.tls,ja,\"\u{1b}[31m{long}\"\n");
    let imported = from_csv(content.as_bytes()).unwrap();
    let note = &imported.notes["api.tls"];
    assert_eq!(note.chars().count(), MAX_NOTE_CHARS);
    assert!(!note.contains('\u{1b}'));

    let content = format!("id,answer\n{long},ja\n");
    let Err(ImportError::UnknownId { id, .. }) = from_csv(content.as_bytes()) else { panic!("expected an unknown id") };
    assert_eq!(id.chars().count(), MAX_SHOWN_VALUE_CHARS);
}

#[test]
fn markdown_export_has_every_question() {
    let markdown = String::from_utf8(to_markdown(Language::En)).unwrap();
    for item in Checklist::get(Language::En).items() {
        assert!(markdown.contains(&item.question), "{} is missing", item.id);
    }
    assert!(markdown.starts_with("# Supplier security checklist"));
}

#[test]
fn file_names_follow_language_and_format() {
    assert_eq!(file_name(Language::Nl, Format::Csv), "checklist-nl.csv");
    assert_eq!(file_name(Language::En, Format::Markdown), "checklist-en.md");
    assert_eq!(Format::parse("MD"), Some(Format::Markdown));
    assert_eq!(Format::parse("pdf"), None);
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and the export
/// is opened by suppliers. Only checklist text goes into it, never member text; this keeps
/// that text from starting like a formula.
#[test]
fn csv_export_has_no_formula_cells() {
    for language in [Language::Nl, Language::En] {
        let (_, separator) = csv_layout(language);
        let exported = to_csv(language);
        let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).from_reader(exported.as_slice());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let starts_like_formula = cell.trim_start().starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!starts_like_formula, "{language:?}: cell {cell:?}");
            }
        }
    }
}
