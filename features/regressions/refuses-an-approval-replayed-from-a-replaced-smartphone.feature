# language: fr
# A false alarm of the oracle, fixed: `make fuzz-long` (seed 1, case 27176) blamed the reference.
# The approval replayed at step 9 came from smartphone A, which stopped being the active one at
# step 7; the identity expired since (step 8) and keeps its last smartphone, B. A replay from A
# comes from a smartphone that is not active (AUTH-01, MGT-08, ACT-06), whatever became of the
# request.
@AUTH-01 @MGT-08 @ACT-06 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 1, cas 27176) : la validation rejouée d'un smartphone remplacé avant l'expiration est refusée

  # The fuzzer's world had the seed 15978101130830527249; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 9 pas
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
    Quand pas 7 : Camille active l'application sur le smartphone B avec le code reçu par SMS, les bons 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 8 : Camille attend 1827 jours
    Quand pas 9 : Camille voit un fraudeur rejouer sa dernière validation
    Alors la demande est refusée avec le code « device_not_active »
