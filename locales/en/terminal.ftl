# Texts of the terminal chat (`ketenwacht chat`).

terminal-no-such-choice = { $count ->
    [0] No choice is open now, so { $number } means nothing. Type a command, such as /help.
   *[other] Pick a number from 1 to { $count }, or type a command, such as /help.
}

## Files: attachments from the bot and /checklist import PATH

# $path: where the file is
terminal-file-saved = File saved: { $path }
# $folder: the files folder; $error: the system's message
terminal-file-failed = The file could not be saved in { $folder }: { $error }. Choose another folder with --files.
# $path: the path as typed; $error: the system's message
terminal-import-failed = { $path } could not be read: { $error }
# $max: the maximum size in kB
terminal-import-too-large = { $path } is too large. A filled-in questionnaire may be at most { $max } kB.

## Why a file or folder failed

terminal-reason-not-found = the file or folder does not exist
terminal-reason-permission-denied = no permission to read or write this file or folder
terminal-reason-not-a-file = this is not a regular file but, for example, a folder or device
terminal-reason-not-a-folder = part of the path is not a folder
terminal-reason-read-only = the file system is read-only
terminal-reason-storage-full = the disk is full
