# language: fr
Fonctionnalité: Créer son Identité Numérique
  On peut créer son Identité Numérique sur l'application mobile, sur le site web
  (« Créer votre Identité Numérique ») ou en bureau de poste auprès d'un chargé de
  clientèle. Sur le site, l'utilisateur dit s'il a une pièce d'identité française, choisit
  son type et en saisit les informations ; l'Espace Client suit ensuite la demande en
  quatre étapes : « Scan de la pièce d'identité », « Vérification d'identité »,
  « Téléchargement de l'application mobile », « Identité Numérique activée ».

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @ENR-01 @ENR-03 @ENR-04 @mode-post-office
  Scénario: Comment créer mon Identité Numérique La Poste sur le site web ? Les quatre étapes de la demande
    Soit Camille a créé son compte La Poste
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Alors l'Espace Client de Camille affiche « Scan de la pièce d'identité »
    Quand Camille saisit les informations de sa pièce d'identité
    Et Camille confirme les informations en cliquant sur « VALIDER »
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Vérification d'identité »
    Quand Camille fait vérifier sa demande au bureau de poste « Paris Louvre »
    Alors l'Espace Client de Camille affiche « Téléchargement de l'application mobile »
    Quand Camille télécharge l'application mobile et active son Identité Numérique
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »

  @ENR-03
  Scénario: ÉTAPES 13 et 14 : d'abord la question de la pièce française, ensuite son type
    Soit Camille a un passeport en cours de validité
    Et Camille a créé son compte La Poste
    Quand Camille choisit « Passeport » et saisit les informations de sa pièce d'identité
    Alors la demande est refusée avec le code « step_out_of_order »
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Et Camille choisit « Passeport » et saisit les informations de sa pièce d'identité
    Alors la page « Confirmez les informations » de Camille affiche « Pièce d'identité : Passeport »

  @ENR-01 @ENR-04 @channel-counter
  Scénario: Comment créer mon Identité Numérique en bureau de poste ?
    Soit Camille a créé son compte La Poste
    Quand un chargé de clientèle du bureau de poste « Paris Louvre » crée l'Identité Numérique de Camille
    Alors la demande est acceptée
    Quand 1 minute passe
    Alors Camille a reçu un SMS contenant « Téléchargez l'application L'Identité Numérique pour l'activer »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »
    Quand Camille télécharge l'application mobile et active son Identité Numérique
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
