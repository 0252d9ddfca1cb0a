# Texts of the terminal chat (`ketenwacht chat`).

terminal-no-such-choice = { $count ->
    [0] Er staat nu geen keuze open, dus { $number } betekent niets. Typ een opdracht, zoals /help.
   *[other] Kies een nummer van 1 tot { $count }, of typ een opdracht, zoals /help.
}

## Bestanden: bijlagen van de bot en /checklist importeer PAD

# $path: waar het bestand staat
terminal-file-saved = Bestand opgeslagen: { $path }
# $folder: de map voor bestanden; $error: de melding van het systeem
terminal-file-failed = Het bestand kon niet worden opgeslagen in { $folder }: { $error }. Kies een andere map met --files.
# $path: het pad zoals getypt; $error: de melding van het systeem
terminal-import-failed = { $path } kon niet worden gelezen: { $error }
# $max: de maximale grootte in kB
terminal-import-too-large = { $path } is te groot. Een ingevulde vragenlijst mag hoogstens { $max } kB zijn.

## Waarom een bestand of map niet lukte

terminal-reason-not-found = het bestand of de map bestaat niet
terminal-reason-permission-denied = geen rechten om dit bestand of deze map te lezen of te schrijven
terminal-reason-not-a-file = dit is geen gewoon bestand, maar bijvoorbeeld een map of apparaat
terminal-reason-not-a-folder = een deel van het pad is geen map
terminal-reason-read-only = het bestandssysteem is alleen-lezen
terminal-reason-storage-full = de schijf is vol
