# Texts of the supplier security checklist: /checklist, /ask and the questionnaire file
# export and import. The questions themselves are in data/checklist.en.toml.

## Questionnaire as a file

checklist-export-answer = Answer
checklist-export-note = Note
checklist-export-instructions = Answer every question with yes, no, don't know or n/a. Explain your answer where it helps.
