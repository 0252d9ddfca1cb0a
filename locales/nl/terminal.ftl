# Texts of the terminal chat (`ketenwacht chat`).

terminal-no-such-choice = { $count ->
    [0] Er staat nu geen keuze open, dus { $number } betekent niets. Typ een opdracht, zoals /help.
   *[other] Kies een nummer van 1 tot { $count }, of typ een opdracht, zoals /help.
}
