# language: fr
@GUIDE
Fonctionnalité: Créer sa nouvelle identité numérique France Connect+, pas à pas
  Le guide d'INTERFORMAT (2023), de l'ÉTAPE 1 à l'ÉTAPE 26 : préparer sa pièce d'identité et
  son smartphone, créer son compte La Poste sur le site, déclarer sa pièce d'identité,
  la faire vérifier en ligne avec AR24, activer l'application, puis se connecter à Mon
  Compte Formation au niveau FranceConnect+.

  Contexte:
    Soit le monde « défaut »
    # ÉTAPES 1 et 2 : se munir d'une pièce d'identité valide et d'un smartphone compatible.
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a une carte d'identité en cours de validité
    Et Camille a un smartphone Android 13

  @ACC-01 @ACC-03 @ACC-04 @ACC-05 @ENR-03 @DOC-04 @DOC-05 @VER-01 @AR24-01 @AR24-02 @AR24-05 @AR24-07 @ACT-01 @ACT-07 @AUTH-01 @AUTH-02 @AUTH-07 @mode-online
  Scénario: De l'ÉTAPE 1 à l'ÉTAPE 26 : du site de La Poste à Mon Compte Formation
    # ÉTAPES 3 et 4 : « Créer votre Identité Numérique », puis « Continuer sur le site web ».
    Quand Camille choisit une adresse mail (ÉTAPE 5)
    Et Camille entre le code reçu par mail (ÉTAPE 6)
    Et Camille crée son mot de passe (ÉTAPE 7)
    Et Camille renseigne son numéro de téléphone (ÉTAPE 8)
    Et Camille renseigne son nom et valide (ÉTAPE 9)
    Et Camille accepte les CGU (ÉTAPE 10)
    Et Camille renseigne à nouveau son numéro de téléphone (ÉTAPE 11)
    Et Camille entre le code composé de caractères reçu par SMS (ÉTAPE 12)
    Et Camille répond « Oui » à « Avez vous une pièce d'identité française ? » (ÉTAPE 13)
    Et Camille choisit sa pièce d'identité et en saisit les informations (ÉTAPES 14 et 15)
    Et Camille vérifie bien les informations et valide (ÉTAPE 16)
    Alors l'Espace Client de Camille affiche « Vérification d'identité »
    Quand Camille choisit la validation « en ligne » et accepte les CGU de AR24 (ÉTAPES 17 et 18)
    Alors Camille reçoit, pas tout de suite, l'e-mail d'AR24 « Vous avez reçu un courrier recommandé électronique » (ÉTAPE 19)
    Quand Camille clique sur « Voir mon courrier » puis « Confirmer mon identité » (ÉTAPES 20 et 21)
    Et Camille accomplit les 3 actions de l'identification visuelle (ÉTAPE 22)
    Alors Camille reçoit entre 24 et 48 heures plus tard l'e-mail qui valide la démarche (ÉTAPE 23)
    Quand Camille télécharge l'application, s'y connecte et choisit son code secret à 4 chiffres (ÉTAPE 24)
    Alors l'Espace Client de Camille affiche « Identité Numérique activée »
    # ÉTAPES 25 et 26 : se connecter à Mon Compte Formation avec FranceConnect+.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la page de Mon Compte Formation de Camille affiche « Une action est en attente sur votre application L'Identité Numérique »
    Et le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et la page de Mon Compte Formation de Camille affiche « Identification réussie »
