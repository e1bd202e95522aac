# language: fr
Fonctionnalité: La rencontre avec le facteur n'a pas eu lieu
  Le facteur n'a pas pu passer, ou l'utilisateur n'était pas chez lui : l'Espace Client
  affiche « Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité
  Numérique n'a pas abouti. » et propose « PRENDRE UN NOUVEAU RENDEZ-VOUS ». L'utilisateur
  choisit une nouvelle date avec son facteur, ou passe en bureau de poste participant, ou
  vérifie son identité en ligne avec AR24 ; puis il active son Identité Numérique sur son
  smartphone (FAQ : « La rencontre avec mon facteur n'a pas eu lieu »).

  Contexte:
    Soit le monde « défaut »
    Et nous sommes le 02/03/2026
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a déclaré son identité
    Et Camille prend rendez-vous avec son facteur pour le 05/03/2026

  @VER-02 @VER-04 @VER-07 @VER-08 @VER-06 @ACT-01 @mode-postman
  Plan du scénario: La rencontre avec mon facteur n'a pas eu lieu : un nouveau rendez-vous avec le facteur (<cause>)
    Soit le rendez-vous de Camille avec le facteur n'aura pas lieu : « <cause> »
    Quand le jour du rendez-vous de Camille avec le facteur arrive
    Alors l'Espace Client de Camille affiche « Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti. »
    Et l'Espace Client de Camille propose « PRENDRE UN NOUVEAU RENDEZ-VOUS »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille prend un nouveau rendez-vous avec son facteur pour le 10/03/2026
    Alors Camille a reçu par SMS un code d'activation à 6 chiffres
    Soit Camille est de nouveau chez elle
    Quand le facteur passe chez Camille
    Alors le facteur a sonné chez Camille le 10/03/2026, le matin ou l'après-midi
    Et le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille termine en activant l'application sur son smartphone
    Alors l'Espace Client de Camille affiche « Identité Numérique activée »

    Exemples:
      | cause                         |
      | le facteur ne peut pas passer |
      | Camille est absente           |

  @VER-02 @VER-04 @VER-05 @VER-07 @VER-08 @VER-06 @ACT-01 @mode-post-office @mode-postman
  Plan du scénario: La rencontre avec mon facteur n'a pas eu lieu : passer en bureau de poste participant (<cause>)
    Soit le rendez-vous de Camille avec le facteur n'aura pas lieu : « <cause> »
    Quand le jour du rendez-vous de Camille avec le facteur arrive
    Alors l'Espace Client de Camille affiche « Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti. »
    Et l'Espace Client de Camille propose « PRENDRE UN NOUVEAU RENDEZ-VOUS »
    Quand Camille opte pour le passage en bureau de poste
    Alors Camille a reçu par SMS un code d'activation à 6 chiffres
    Quand 1 jour passe
    Et Camille se présente au bureau de poste « po-75001-louvre » avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille termine en activant l'application sur son smartphone
    Alors l'Espace Client de Camille affiche « Identité Numérique activée »

    Exemples:
      | cause                         |
      | le facteur ne peut pas passer |
      | Camille est absente           |

  @VER-02 @VER-04 @VER-07 @VER-08 @VER-06 @ACT-01 @mode-online @mode-postman
  Plan du scénario: La rencontre avec mon facteur n'a pas eu lieu : vérifier son identité en ligne avec AR24 (<cause>)
    Soit le rendez-vous de Camille avec le facteur n'aura pas lieu : « <cause> »
    Quand le jour du rendez-vous de Camille avec le facteur arrive
    Alors l'Espace Client de Camille affiche « Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti. »
    Et l'Espace Client de Camille propose « PRENDRE UN NOUVEAU RENDEZ-VOUS »
    Quand Camille se tourne vers la vérification en ligne et la mène à bien
    Alors Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille termine en activant l'application sur son smartphone
    Alors l'Espace Client de Camille affiche « Identité Numérique activée »

    Exemples:
      | cause                         |
      | le facteur ne peut pas passer |
      | Camille est absente           |
