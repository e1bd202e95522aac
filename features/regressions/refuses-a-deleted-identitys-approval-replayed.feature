# language: fr
# A false alarm of the oracle, fixed: `idn-sim fuzz --seed 4242` at case 655 blamed the reference.
# The approval replayed at step 13 is of a login of the identity deleted at step 7: smartphone A
# was activated since for the new identity, but not for the deleted one, so the replay comes from
# a smartphone that is not active (AUTH-01, MGT-08).
@AUTH-01 @MGT-08 @MGT-06 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 4242, cas 655) : la validation rejouée d'une identité supprimée est refusée

  # The fuzzer's world had the seed 18324631578368898971; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 13 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 4 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 5 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 6 : Camille se connecte à Mon Compte Formation et valide sur le smartphone A avec son code secret
    Alors la demande est acceptée
    Quand pas 7 : Camille supprime son identité depuis l'application, case cochée, avec les bons 4 derniers caractères
    Alors la demande est acceptée
    Quand pas 8 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 9 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 10 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 11 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 12 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 13 : Camille voit un fraudeur rejouer sa dernière validation
    Alors la demande est refusée avec le code « device_not_active »
