# Texts of the Telegram bot that the shared conversation does not cover.

telegram-not-a-command = I respond to commands, such as /start or /help. Type /help for every command.
# $max: the maximum file size in KiB
telegram-upload-too-large = This file is too large. Send a file of at most { $max } KiB.
telegram-upload-failed = The file could not be fetched. Please try again later.
