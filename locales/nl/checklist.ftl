# Teksten van de beveiligingschecklist voor leveranciers: /checklist, /vraag en het in- en
# uitvoeren van de vragenlijst. De vragen zelf staan in data/checklist.nl.toml.

## Vragenlijst als bestand

checklist-export-answer = Antwoord
checklist-export-note = Opmerking
checklist-export-instructions = Beantwoord elke vraag met ja, nee, weet niet of n.v.t. Licht je antwoord toe waar dat helpt.
