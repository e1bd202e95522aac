# language: fr
Fonctionnalité: Faire vérifier son identité par un facteur
  L'utilisateur coche « Rencontrer votre facteur » et choisit une date ; il reçoit par SMS
  un code d'activation à 6 chiffres. Le facteur passe le matin ou l'après-midi selon sa
  tournée, à l'adresse d'un domicile de particulier en France métropolitaine, en Corse ou
  dans un territoire d'Outre-mer éligible. L'utilisateur lui présente la pièce d'identité
  utilisée lors de l'inscription et le code ; un e-mail annonce la dernière étape dans
  l'heure (FAQ : « Comment faire vérifier mon identité par un facteur ? »).

  Contexte:
    Soit le monde « défaut »
    Et nous sommes le 02/03/2026
    Et Camille, qui veut créer son Identité Numérique

  @VER-01 @VER-02 @VER-03 @VER-04 @VER-06 @mode-postman
  Plan du scénario: Comment faire vérifier mon identité par un facteur ? À domicile en <territoire>
    Soit l'adresse de rendez-vous de Camille est « un domicile de particulier » en « <territoire> »
    Et Camille a déclaré son identité
    Quand Camille prend rendez-vous avec son facteur pour le 05/03/2026
    Alors Camille a reçu par SMS un code d'activation à 6 chiffres
    Quand le facteur passe chez Camille
    Alors le facteur a sonné chez Camille le 05/03/2026, le matin ou l'après-midi
    Et le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

    Exemples:
      | territoire               |
      | France métropolitaine    |
      | Corse                    |
      | Guadeloupe               |
      | Guyane                   |
      | La Réunion               |
      | Martinique               |
      | Saint-Barthélemy         |
      | Saint-Martin             |
      | Saint-Pierre-et-Miquelon |
      | Mayotte                  |

  @VER-04 @mode-postman
  Plan du scénario: Comment faire vérifier mon identité par un facteur ? Pas à <lieu> en <territoire>
    Soit l'adresse de rendez-vous de Camille est « <lieu> » en « <territoire> »
    Et Camille a déclaré son identité
    Quand Camille prend rendez-vous avec son facteur pour le 05/03/2026
    Alors la demande est refusée avec le code « address_not_eligible »

    Exemples:
      | lieu                        | territoire            |
      | une adresse professionnelle | France métropolitaine |
      | un hôpital                  | Corse                 |
      | un immeuble de bureaux      | La Réunion            |
      | un hôpital                  | Guadeloupe            |
      | un domicile de particulier  | Nouvelle-Calédonie    |
      | un domicile de particulier  | Polynésie française   |
      | un domicile de particulier  | Wallis-et-Futuna      |

  @VER-02 @VER-03 @mode-postman
  Plan du scénario: Comment faire vérifier mon identité par un facteur ? Le facteur refuse <présentation>
    Soit Camille a déclaré son identité
    Quand Camille prend rendez-vous avec son facteur pour le 05/03/2026
    Et Camille présentera au facteur « <présentation> »
    Et le facteur passe chez Camille
    Alors le contrôle de l'identité de Camille échoue avec le motif « <motif> »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »

    Exemples:
      | présentation                                          | motif             |
      | un code d'activation erroné                           | code_mismatch     |
      | une autre pièce d'identité                            | document_mismatch |
      | une pièce d'identité à un autre nom                   | data_mismatch     |
      | une pièce d'identité avec une autre date de naissance | data_mismatch     |
