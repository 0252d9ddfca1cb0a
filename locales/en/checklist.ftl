# Texts of the supplier security checklist: /checklist, /ask and the questionnaire file
# export and import. The questions themselves are in data/checklist.en.toml.

## Questionnaire as a file

checklist-export-answer = Answer
checklist-export-note = Note
checklist-export-instructions = Answer every question with yes, no, don't know or n/a. Explain your answer where it helps.

## Browsing: /checklist, a section, a question

checklist-sections-choose = Choose a section to see its questions.
# $start: the command to begin; $export: the command to get the questionnaire as a file
checklist-sections-commands =
    Go through the questions one by one with { $start }. Your progress is saved, per supplier.
    Want to mail the questionnaire to your supplier? Use { $export }.
checklist-section-choose = Choose a question.
checklist-choice-sections = All sections
# $section: the section's name
checklist-choice-section = Back to { $section }
# $text: the question
checklist-item-question = Question for the supplier: { $text }
checklist-item-why = Why it matters: { $text }
checklist-item-good = A good answer: { $text }
checklist-item-advice = After no or don't know: { $text }
# $tier: the tier's name, such as basic
checklist-item-tier = Suits the { $tier } tier.
# $id: the question's stable name, such as email.tls
checklist-item-id = Checklist: { $id }

## Going through the questions

# $supplier: the supplier's name
checklist-walk-supplier = Checklist for { $supplier }
checklist-walk-no-supplier = Checklist without a supplier
# $number: the question's number; $total: the number of questions; $section: the section's name
checklist-walk-position = Question { $number } of { $total } · { $section }
checklist-answer-yes = Yes
checklist-answer-no = No
checklist-answer-unknown = Don't know
checklist-answer-not-applicable = N/A
checklist-choice-pause = Continue later
checklist-choice-summary = Summary
checklist-choice-next = Next question
# $resume: the command to continue
checklist-paused = Your answers are saved. Continue later with { $resume }.
# $answer: the earlier answer
checklist-already-answered = You already answered this question with "{ $answer }". That answer stays.
# $start: the command to begin
checklist-run-missing = This checklist no longer exists, for example because it was reset. Start again with { $start }.
# $max: the maximum number of saved checklists; $reset: the command that deletes one
checklist-too-many-runs = You already have { $max } saved checklists, the maximum. Delete one with { $reset } NAME before you start a new one.
checklist-run-not-yours = This checklist belongs to another member. Start your own with { $start }.
checklist-resume-none = You have no saved checklist yet. Start one with { $start }.
# $supplier: the name as typed
checklist-resume-not-found = You have no checklist for { $supplier }. Start one with { $start }.
checklist-resume-choose = Which checklist do you want to continue?
# $name: supplier; $answered: questions answered; $total: number of questions
checklist-resume-entry = { $name } ({ $answered }/{ $total })
checklist-resume-no-supplier = Without a supplier
# $supplier: the supplier's name
checklist-reset-done = The checklist for { $supplier } has been reset.
checklist-reset-done-no-supplier = The checklist without a supplier has been reset.
checklist-reset-not-found = You have no checklist for { $supplier }. Nothing was reset.
checklist-reset-not-found-no-supplier = You have no checklist without a supplier. Nothing was reset.

## Summary and advice

# $supplier: the supplier's name
checklist-summary-title-supplier = Summary of the checklist for { $supplier }
checklist-summary-title = Summary of the checklist
# $section: section; $yes, $no, $unknown, $na, $open: counts
checklist-summary-section = { $section }: { $yes } yes, { $no } no, { $unknown } don't know, { $na } n/a{ $open ->
    [0] {""}
   *[other] , { $open } open
}
checklist-summary-complete = Every question is answered.
# $open: the number of open questions; $resume: the command to continue
checklist-summary-incomplete = { $open ->
    [one] 1 question is still open.
   *[other] { $open } questions are still open.
} Continue with { $resume }.
checklist-advice-title = Advice for every no and don't know:
checklist-advice-none = Not a single no or don't know, so no advice is needed.
# $title: the question's short name; $answer: the answer; $advice: the advice
checklist-advice-entry = • { $title } ({ $answer }): { $advice }
# $note: the note from the file
checklist-advice-note = Supplier's note: { $note }
checklist-other-notes-title = The supplier's notes on the other questions:
# $title: short name of the question; $note: the note from the file
checklist-other-notes-entry = • { $title }: { $note }

## Errors in the arguments of /checklist

# $word: the word as typed; $command: the command
checklist-error-unknown = I don't know "{ $word }" after { $command }. Use start, resume, reset, export or import, or the name of a section. Type { $command } for the sections.
checklist-error-supplier-empty = The supplier's name is empty. Example: { $example }
# $max: the maximum number of characters
checklist-error-supplier-too-long = The supplier's name is too long: it may have at most { $max } characters.
checklist-error-export-word = "{ $word }" is not a language (nl, en) or file format (csv, markdown). Example: { $example }
checklist-error-export-repeated = Give at most one language and one file format. "{ $word }" is one too many. Example: { $example }
checklist-error-extra = "{ $word }" is one word too many. Type { $command } for help.

## Questionnaire as a file: export and import

# $import: the command to read the filled-in file back; $column: the name of the answer column in the file
checklist-export-ready = Here is the questionnaire. Send it to your supplier. Have the supplier fill in yes, no, don't know or n/a in the { $column } column, and read the filled-in CSV file back with { $import }.
# $csv: the command that gives the questionnaire as CSV
checklist-export-ready-markdown = Here is the questionnaire as Markdown, to read or to mail. The bot cannot read a filled-in Markdown file back. To have the answers summed up, send the supplier the CSV from { $csv }.
checklist-import-how = Send the filled-in CSV file as an attachment with the message { $import }. In the terminal, type { $import } followed by the path to the file.
# $max: the maximum size in kB
checklist-import-too-large = The file is too large. A filled-in questionnaire may be at most { $max } kB.
# $file: the file name
checklist-import-title = Answers from { $file }
checklist-import-error-empty = The file is empty.
checklist-import-error-not-text = This is not a text file. Save the questionnaire as CSV in your spreadsheet program and send that file.
# $column: the missing column's name
checklist-import-error-column = The first line lacks the column { $column }. Start from the questionnaire of { $export }.
# $row: the line number, the header being line 1
checklist-import-error-malformed = Line { $row } is not valid CSV. Check the quotes on that line.
checklist-import-error-missing-id = Line { $row } has an answer but no id.
# $id: the id as in the file
checklist-import-error-unknown-id = Line { $row } has the unknown id "{ $id }". Use the ids from the questionnaire of { $export }.
checklist-import-error-duplicate-id = Line { $row } repeats the id "{ $id }". Each question may appear only once.
# $value: the answer as in the file
checklist-import-error-answer = Line { $row } has the invalid answer "{ $value }". Use yes, no, don't know or n/a (or ja, nee, weet niet, n.v.t.), or leave the cell empty.

## /ask

# $example: an example question
checklist-ask-missing = Type your question after the command, for example: { $example }
# $checklist: the command to see the topics
checklist-ask-none = The checklist does not cover that. See its topics with { $checklist }.
checklist-ask-intro = This is what the checklist says:
# $title: short name of the question; $section: name of the section
checklist-ask-choice-with-section = { $title } · { $section }
