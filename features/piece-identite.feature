# language: fr
Fonctionnalité: Saisir et confirmer les informations de sa pièce d'identité
  À l'ÉTAPE 15, l'utilisateur recopie exactement les informations de sa pièce d'identité :
  tous les prénoms séparés d'un espace, les traits d'union et les caractères spéciaux, le
  nom de naissance et, s'il diffère, le nom d'usage. À l'ÉTAPE 16, la page « Confirmez les
  informations » reprend tout ce qui a été saisi : « MODIFIER » permet de corriger,
  « VALIDER » confirme la demande.

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @DOC-04 @DOC-05
  Scénario: ÉTAPE 15 : reporter tous les prénoms, les traits d'union et le nom d'usage
    Soit la pièce d'identité de Camille porte la civilité « Madame »
    Et la pièce d'identité de Camille porte les prénoms « Marie-Claire Anne Éléonore » et le nom de naissance « Le Goff-Kerbrat »
    Et la pièce d'identité de Camille porte le nom d'usage « N'Diaye »
    Et Camille a créé son compte La Poste
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Et Camille saisit les informations de sa pièce d'identité
    Alors la page « Confirmez les informations » de Camille affiche « Civilité : Madame »
    Et la page « Confirmez les informations » de Camille affiche « Prénom(s) : Marie-Claire Anne Éléonore »
    Et la page « Confirmez les informations » de Camille affiche « Nom de naissance : Le Goff-Kerbrat »
    Et la page « Confirmez les informations » de Camille affiche « Nom d'usage : N'Diaye »
    Et la page « Confirmez les informations » de Camille reprend exactement sa pièce d'identité
    Quand Camille confirme les informations en cliquant sur « VALIDER »
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Vérification d'identité »

  @DOC-04 @DOC-05 @mode-post-office
  Scénario: ÉTAPE 16 : vérifier bien les informations, corriger une faute avec « MODIFIER », puis « VALIDER »
    Soit la pièce d'identité de Camille porte les prénoms « Anne-Sophie » et le nom de naissance « Dupont »
    Et la pièce d'identité de Camille ne porte pas de nom d'usage
    Et Camille a créé son compte La Poste
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Et Camille saisit les informations de sa pièce d'identité avec le nom de naissance « Dupond »
    Alors la page « Confirmez les informations » de Camille affiche « Nom de naissance : Dupond »
    Quand Camille clique sur « MODIFIER » et saisit à nouveau les informations de sa pièce d'identité
    Alors la page « Confirmez les informations » de Camille affiche « Nom de naissance : Dupont »
    Et la page « Confirmez les informations » de Camille reprend exactement sa pièce d'identité
    Quand Camille confirme les informations en cliquant sur « VALIDER »
    Alors la demande est acceptée
    Quand Camille fait vérifier sa demande au bureau de poste « Paris Louvre »
    Alors l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

  @DOC-04 @VER-03 @mode-post-office
  Plan du scénario: Une faute de frappe validée sans correction fait échouer la vérification : <faute>
    Soit la pièce d'identité de Camille porte les prénoms « Anne-Sophie Marie » et le nom de naissance « Le Goff-Kerbrat »
    Et Camille a créé son compte La Poste
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Et Camille saisit les informations de sa pièce d'identité avec <champ> « <saisie> »
    Alors la page « Confirmez les informations » de Camille affiche « <ligne> »
    Quand Camille confirme les informations en cliquant sur « VALIDER »
    Alors la demande est acceptée
    Quand Camille fait vérifier sa demande au bureau de poste « Paris Louvre »
    Alors l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »

    Exemples:
      | faute                  | champ               | saisie            | ligne                              |
      | trait d'union oublié   | les prénoms         | Anne Sophie Marie | Prénom(s) : Anne Sophie Marie      |
      | un prénom oublié       | les prénoms         | Anne-Sophie       | Prénom(s) : Anne-Sophie            |
      | nom sans trait d'union | le nom de naissance | Le Goff Kerbrat   | Nom de naissance : Le Goff Kerbrat |
