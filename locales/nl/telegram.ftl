# Texts of the Telegram bot that the shared conversation does not cover.

telegram-not-a-command = Ik reageer op opdrachten, zoals /start of /hulp. Typ /hulp voor alle opdrachten.
# $max: the maximum file size in KiB
telegram-upload-too-large = Dit bestand is te groot. Stuur een bestand van hoogstens { $max } KiB.
telegram-upload-failed = Het bestand kon niet worden opgehaald. Probeer het later opnieuw.
