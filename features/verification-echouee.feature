# language: fr
Fonctionnalité: Quand la vérification de l'identité échoue
  Une vérification qui n'aboutit pas laisse l'utilisateur choisir à nouveau un mode depuis
  son Espace Client : passage du facteur à son domicile, bureau de poste participant, ou
  en ligne avec le courrier recommandé électronique d'AR24 (FAQ : « La vérification de mon
  identité a échoué, comment faire ? »). La personne qui se présente doit être la
  titulaire de la pièce d'identité : la procuration n'est pas autorisée (FAQ : « Qui peut
  créer une Identité Numérique ? »).

  Contexte:
    Soit le monde « défaut »
    Et nous sommes le 02/03/2026
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a déclaré son identité

  @VER-09 @VER-03 @VER-05 @VER-06 @mode-post-office
  Scénario: La vérification de mon identité a échoué, comment faire ? Nouvel essai en bureau de poste
    Quand Camille opte pour le passage en bureau de poste
    Et Camille se présente au bureau de poste « po-75001-louvre » avec « un code d'activation erroné »
    Alors le contrôle de l'identité de Camille échoue avec le motif « code_mismatch »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
    Et l'Espace Client de Camille propose « Rencontrer votre facteur »
    Et l'Espace Client de Camille propose « Passage en bureau de poste »
    Et l'Espace Client de Camille propose « Vérifier mon identité en ligne »
    Quand Camille opte pour le passage en bureau de poste
    Alors Camille a reçu par SMS un code d'activation à 6 chiffres
    Quand Camille se présente au bureau de poste « po-75001-louvre » avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »

  @VER-09 @VER-03 @VER-04 @VER-06 @mode-postman
  Scénario: La vérification de mon identité a échoué, comment faire ? Nouveau rendez-vous avec le facteur
    Quand Camille prend rendez-vous avec son facteur pour le 05/03/2026
    Et Camille présentera au facteur « une autre pièce d'identité »
    Et le facteur passe chez Camille
    Alors le contrôle de l'identité de Camille échoue avec le motif « document_mismatch »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
    Et l'Espace Client de Camille propose « Rencontrer votre facteur »
    Quand Camille prend rendez-vous avec son facteur pour le 10/03/2026
    Et le facteur passe chez Camille
    Alors le facteur a sonné chez Camille le 10/03/2026, le matin ou l'après-midi
    Et le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »

  @VER-09 @mode-online @mode-post-office
  Scénario: La vérification de mon identité a échoué, comment faire ? Nouvel essai en ligne
    Quand Camille opte pour le passage en bureau de poste
    Et Camille se présente au bureau de poste « po-13001-colbert » avec « une pièce d'identité à un autre nom »
    Alors le contrôle de l'identité de Camille échoue avec le motif « data_mismatch »
    Et l'Espace Client de Camille propose « Vérifier mon identité en ligne »
    Quand Camille se tourne vers la vérification en ligne et la mène à bien
    Alors Camille a reçu un e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

  @VER-10 @ELIG-05 @VER-09 @mode-post-office
  Scénario: Qui peut créer une Identité Numérique ? Un imposteur au guichet échoue, même avec la pièce et le code
    Soit Dominique
    Quand Camille opte pour le passage en bureau de poste
    Et Dominique se présente au bureau de poste « po-75001-louvre » à la place de Camille, avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille échoue avec le motif « not_holder »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »

  @VER-10 @ELIG-05 @mode-postman
  Scénario: Qui peut créer une Identité Numérique ? Un imposteur qui ouvre au facteur échoue, même avec la pièce et le code
    Soit Dominique
    Quand Camille prend rendez-vous avec son facteur pour le 05/03/2026
    Et Dominique se fait passer pour Camille auprès du facteur, avec sa pièce d'identité et son code d'activation
    Et le facteur passe chez Camille
    Alors le contrôle de l'identité de Camille échoue avec le motif « not_holder »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
