# language: fr
# A false alarm of the oracle, fixed: `idn-sim fuzz --seed 7` at case 38 blamed the reference.
# An activation started on smartphone A belongs to the identity deleted at step 6: from A's app
# afterwards, a deletion comes from a smartphone that is not active (MGT-06, MGT-08), not from one
# that only started an activation of the current identity (`delete_via_web_required`).
@MGT-06 @MGT-08 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 7, cas 38) : une activation commencée est oubliée avec l'identité supprimée

  # The fuzzer's world had the seed 17080905626804801690; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 7 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 4 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 5 : Camille active l'application sur le smartphone A avec un mauvais code SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est refusée avec le code « code_invalid »
    Quand pas 6 : Camille supprime son identité depuis l'Espace Client, case cochée, avec les bons 4 derniers caractères
    Alors la demande est acceptée
    Quand pas 7 : Camille supprime son identité depuis l'application, case cochée, avec de faux 4 derniers caractères
    Alors la demande est refusée avec le code « device_not_active »
