# language: fr
# A false alarm of the oracle, fixed: `idn-sim fuzz --seed 14` at case 93 blamed the reference.
# AR24's review of the letter of the identity deleted at step 5 ends during the wait of step 9:
# its result belongs to the deleted identity and must not verify the new one, which waits for
# the post office (MGT-06, VER-03).
@MGT-06 @VER-03 @mode-online @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 14, cas 93) : le résultat d'AR24 d'une identité supprimée est ignoré

  # The fuzzer's world had the seed 13946193220028481669; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 9 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit la vérification en ligne
    Alors la demande est acceptée
    Quand pas 4 : Camille s'identifie sur le courrier AR24
    Quand pas 5 : Camille supprime son identité depuis l'Espace Client, case cochée, avec les bons 4 derniers caractères
    Alors la demande est acceptée
    Quand pas 6 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 7 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 8 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 9 : Camille attend 2 jours
    Alors l'Espace Client de Camille montre l'état « awaiting_verification »
