# Texts of the terminal chat (`ketenwacht chat`).

terminal-no-such-choice = { $count ->
    [0] No choice is open now, so { $number } means nothing. Type a command, such as /help.
   *[other] Pick a number from 1 to { $count }, or type a command, such as /help.
}
