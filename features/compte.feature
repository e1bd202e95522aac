# language: fr
@ACC
Fonctionnalité: Le compte La Poste
  Pour créer son Identité Numérique, il faut d'abord un compte La Poste : une adresse
  e-mail confirmée par un code, un mot de passe, un numéro de mobile confirmé par SMS,
  des noms et l'acceptation des CGU (ÉTAPES 5 à 12 du guide).

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @ACC-01 @ACC-03 @ACC-04 @ACC-05
  Scénario: ÉTAPES 5 à 12 : créer son compte La Poste
    Soit Camille a créé son compte La Poste
    Alors Camille a reçu un e-mail « Votre code de vérification »
    Et Camille a reçu un SMS contenant « votre code de vérification est »
